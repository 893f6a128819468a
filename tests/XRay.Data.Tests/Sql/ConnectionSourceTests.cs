namespace XRay.Data.Tests.Sql;

public sealed class ConnectionSourceTests
{
    [Theory]
    [InlineData("Password")]
    [InlineData("PWD")]
    [InlineData("Psw")]
    [InlineData("Passwd")]
    [InlineData("SSL Password")]
    [InlineData("SslPassword")]
    [InlineData("Passphrase")]
    [InlineData("PASSCODE")]
    [InlineData("Access Token")]
    [InlineData("refresh_token")]
    [InlineData("Client_Secret")]
    [InlineData("clientsecret")]
    [InlineData("SslKey")]
    [InlineData("AccountKey")]
    [InlineData("api-key")]
    [InlineData("Column Encryption Key Store Credential")]
    [InlineData("Credentials")]
    [InlineData("Authorization")]
    [InlineData("Authentication")]
    [InlineData("auth")]
    [InlineData("SharedAccessSignature")]
    [InlineData("sig")]
    [InlineData("Jwt")]
    [InlineData("JWT.Bearer")]
    [InlineData("x-my-app.passwordForReplica2")]
    [InlineData("ＰＡＳＳＷＯＲＤ")]
    [InlineData("AllowPublicKeyRetrieval")]
    public void Keys_whose_words_name_a_secret_are_secret(string key)
        => Assert.True(SecretKey.IsSecret(key));

    [Theory]
    [InlineData("Host")]
    [InlineData("Server")]
    [InlineData("Data Source")]
    [InlineData("Database")]
    [InlineData("Initial Catalog")]
    [InlineData("User ID")]
    [InlineData("Username")]
    [InlineData("Port")]
    [InlineData("Keepalive")]
    [InlineData("Tcp Keepalive")]
    [InlineData("TCP Keepalive Interval")]
    [InlineData("keepAliveTime")]
    [InlineData("Pooling")]
    [InlineData("Max Pool Size")]
    [InlineData("Integrated Security")]
    [InlineData("Persist Security Info")]
    [InlineData("Trust Server Certificate")]
    [InlineData("Encrypt")]
    [InlineData("SSL Mode")]
    [InlineData("Include Error Detail")]
    [InlineData("Application Name")]
    [InlineData("Command Timeout")]
    [InlineData("Driver")]
    [InlineData("Extended Properties")]
    [InlineData("provider connection string")]
    public void Ordinary_keys_are_not_secret(string key)
        => Assert.False(SecretKey.IsSecret(key));

    [Theory]
    [InlineData("Driver={PostgreSQL Unicode};Server=h;Database=d;Uid=u;PWD={a;b=Zq1Xv}", "Driver={PostgreSQL Unicode};Server=h;Database=d;Uid=u")]
    [InlineData("Server=h;PWD={a}};Zq2Xv=1}}};Database=d", "Server=h;Database=d")]
    [InlineData("Server=h;PWD={Zq3Xv};Database=d", "Server=h;Database=d")]
    [InlineData("Server=h;Database=d;PWD= {Zq4Xv;x} ;Trusted_Connection=no", "Server=h;Database=d;Trusted_Connection=no")]
    public void Odbc_braced_values_are_read_as_odbc_reads_them(string connectionString, string scrubbed)
    {
        var source = ConnectionSource.Parse(connectionString, ConnectionStringGrammar.Odbc);

        Assert.Equal(scrubbed, source.ConnectionString);
        Assert.Equal("h", source.DataSource);
        Assert.Equal("d", source.Database);
    }

    [Theory]
    [InlineData("Server=h;Database=d;PWD={a;b=Zq5Xv}")]
    [InlineData("Server=h;Database=d;PWD={a;Zq6Xv}")]
    [InlineData("Server=h;Database=d;PWD={a;Zq7Xv=x;y}")]
    [InlineData("Server=h;Database=d;Password='a;Zq8Xv=1'")]
    [InlineData("Server=h;Database=d;Password=\"a;b=Zq9Xv\"")]
    public void A_value_quoted_one_way_is_secret_read_either_way(string connectionString)
    {
        foreach (var grammar in new[] { ConnectionStringGrammar.Ado, ConnectionStringGrammar.Odbc })
        {
            // Where the provider's own grammar cannot read the text at all, nothing is recorded.
            var source = ConnectionSource.Parse(connectionString, grammar);
            Assert.DoesNotMatch(@"Zq\dXv", source.ConnectionString ?? string.Empty);
            Assert.True(source.DataSource is null or "h");
        }
    }

    [Fact]
    public void Ef6_provider_connection_string_is_scrubbed_inside()
    {
        const string connectionString = "metadata=res://*/Model.csdl|res://*/Model.ssdl;provider=System.Data.SqlClient;"
            + "provider connection string=\"Data Source=srv;Initial Catalog=app;User ID=sa;Password=Zq10Xv;MultipleActiveResultSets=True\"";

        var source = ConnectionSource.Parse(connectionString);

        Assert.Equal(
            "provider=System.Data.SqlClient;provider connection string=\"Data Source=srv;Initial Catalog=app;User ID=sa;MultipleActiveResultSets=True\"",
            source.ConnectionString);
        Assert.Equal("srv", source.DataSource);
        Assert.Equal("app", source.Database);
        Assert.Equal("sa", source.User);
    }

    [Theory]
    [InlineData("Provider=Microsoft.ACE.OLEDB.12.0;Data Source=book.xlsx;Extended Properties=\"Excel 12.0;HDR=YES;Password=Zq11Xv\"", "Provider=Microsoft.ACE.OLEDB.12.0;Data Source=book.xlsx;Extended Properties=\"Excel 12.0;HDR=YES\"")]
    [InlineData("Provider=SQLOLEDB;Data Source=h;Extended Properties='Pwd=Zq12Xv;Trusted=1'", "Provider=SQLOLEDB;Data Source=h;Extended Properties=\"Trusted=1\"")]
    [InlineData("Provider=SQLOLEDB;Data Source=h;Extended Properties='x=\"Uid=u;Pwd=Zq13Xv\"'", "Provider=SQLOLEDB;Data Source=h")]
    [InlineData("Data Source=h;Extended Properties={Pwd=Zq14Xv}", "Data Source=h")]
    public void Nested_connection_strings_are_scrubbed_recursively(string connectionString, string scrubbed)
    {
        var source = ConnectionSource.Parse(connectionString);

        Assert.Equal(scrubbed, source.ConnectionString);
        Assert.DoesNotMatch(@"Zq\d+Xv", source.ConnectionString);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_drops_the_value()
    {
        var value = "Pwd=Zq15Xv";
        for (var depth = 0; depth <= ConnectionStringScrubber.MaxDepth + 1; depth++)
            value = "a=" + ConnectionStringScrubber.Quote(value, ConnectionStringGrammar.Ado);

        var source = ConnectionSource.Parse("Host=h;Options=" + ConnectionStringScrubber.Quote(value, ConnectionStringGrammar.Ado));

        Assert.Equal("Host=h", source.ConnectionString);
    }

    [Theory]
    [InlineData("Data Source=u:Zq16Xv@h;Initial Catalog=app", "Data Source=h;Initial Catalog=app", "h")]
    [InlineData("Data Source=scott/Zq17Xv@orcl", "Data Source=orcl", "orcl")]
    [InlineData("Server=postgres://u:Zq18Xv@db.example.com:5432/app?password=Zq19Xv;Database=x", "Server=postgres://db.example.com:5432/app;Database=x", "db.example.com")]
    [InlineData("Data Source=sqlserver://h:1433", "Data Source=sqlserver://h:1433", "h")]
    [InlineData("Host=h;Application Name=u:Zq20Xv@web", "Host=h;Application Name=web", "h")]
    public void User_information_in_values_is_dropped(string connectionString, string scrubbed, string host)
    {
        var source = ConnectionSource.Parse(connectionString);

        Assert.Equal(scrubbed, source.ConnectionString);
        Assert.Equal(host, ConnectionSource.NormalizeHost(source.DataSource));
    }

    [Theory]
    [InlineData("User ID=app:Zq21Xv;Host=h", "app")]
    [InlineData("User ID=scott/Zq22Xv@orcl;Host=h", "scott")]
    [InlineData("Username=me@corp.example;Host=h", "me@corp.example")]
    public void The_user_never_carries_a_password(string connectionString, string user)
    {
        var source = ConnectionSource.Parse(connectionString);

        Assert.Equal(user, source.User);
        Assert.DoesNotMatch(@"Zq\d+Xv", source.ConnectionString);
    }

    [Theory]
    [InlineData("Host=db;Password='unterminated;Database=x")]
    [InlineData("Host=db;Password=\"x\"y;Database=x")]
    [InlineData("Host=db;just some words")]
    [InlineData("=x;Host=db")]
    [InlineData("Host=db\u0001;Database=x")]
    [InlineData("postgres://user:Zq23Xv/app")]
    [InlineData("mysql://admin:pa/ss?w#rd@[::1]:3306/shop")]
    [InlineData("postgres://h/app#frag")]
    public void What_cannot_be_read_is_not_recorded(string connectionString)
    {
        var source = ConnectionSource.Parse(connectionString);

        Assert.False(source.Readable);
        Assert.Null(source.ConnectionString);
        Assert.Null(source.Url);
        Assert.Null(source.DataSource);
        Assert.Null(source.User);
    }

    [Theory]
    [InlineData("postgres://h/app?user=me@corp.example&password=Zq24Xv", "postgres://h/app", null, "h", "me@corp.example")]
    [InlineData("postgresql://u:Zq25Xv@h:5432/app?sslmode=require", "postgresql://h:5432/app", null, "h", "u")]
    [InlineData("postgres://u:@weird@host/db?token=Zq26Xv", "postgres://host/db", null, "host", "u")]
    [InlineData("postgresql://u@h:5432", null, "postgresql://h:5432", "h", "u")]
    [InlineData("postgresql://h:5432/", null, "postgresql://h:5432", "h", null)]
    [InlineData("postgresql://h:5432?dbname=x", "postgresql://h:5432/x", null, "h", null)]
    [InlineData("sqlserver://h:1433;user=sa;password=Zq27Xv", null, "sqlserver://h:1433;user=sa", "h", "sa")]
    [InlineData("sqlserver://h:1433;databaseName=app;user=sa;password=Zq28Xv", "sqlserver://h:1433/app", null, "h", "sa")]
    [InlineData("jdbc:mysql://[::1]:3306/shop?user=root&password=Zq29Xv", "jdbc:mysql://[::1]:3306/shop", null, "::1", "root")]
    [InlineData("postgresql://u%3AZq30Xv@db1:5432,db2:5433/my%20db", "postgresql://db1:5432/my%20db", null, "db1", "u")]
    public void Urls_keep_scheme_host_port_and_database_only(string connectionString, string? url, string? scrubbed, string host, string? user)
    {
        var source = ConnectionSource.Parse(connectionString);

        Assert.Equal(url, source.Url);
        Assert.Equal(scrubbed, source.ConnectionString);
        Assert.Equal(host, source.DataSource);
        Assert.Equal(user, source.User);
    }

    [Fact]
    public void Reading_arbitrary_text_never_throws_and_never_keeps_a_password()
    {
        // Fragments that matter to the grammars, glued at random: quotes, braces, separators, URLs, nesting.
        string[] pieces =
        [
            ";", "=", "==", "'", "''", "\"", "{", "}", "}}", " ", "\t", "\0", "\u0001", "@", ":", "/", "?", "#", "&", ",", "[", "]",
            "://", "postgres://", "file:", "Host", "Server", "Data Source", "Database", "User ID", "Password", "pwd", "x", "h.example.com",
            ":memory:", "provider connection string=", "Extended Properties=", "%40", "ü", "\uD800",
        ];
        var random = new Random(97);
        for (var i = 0; i < 5_000; i++)
        {
            var text = new System.Text.StringBuilder();
            for (var n = random.Next(1, 24); n > 0; n--)
                text.Append(pieces[random.Next(pieces.Length)]);
            text.Append(";Password=Zq0Xv");
            foreach (var grammar in new[] { ConnectionStringGrammar.Ado, ConnectionStringGrammar.Odbc })
            {
                foreach (var file in new[] { false, true })
                {
                    var source = ConnectionSource.Parse(text.ToString(), grammar, file);
                    Assert.DoesNotContain("Zq0Xv", source.ConnectionString + source.Url + source.User + source.DataSource + source.Database, StringComparison.Ordinal);
                }
            }
        }
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5432", "127.0.0.1")]
    [InlineData("[::1]:5432", "::1")]
    [InlineData("::1", "::1")]
    [InlineData("fe80::1%eth0", "fe80::1%eth0")]
    [InlineData("tcp:myserver.database.windows.net,1433", "myserver.database.windows.net")]
    [InlineData(@".\SQLEXPRESS", "localhost")]
    [InlineData(@"(localdb)\MSSQLLocalDB", "localdb")]
    [InlineData(@"myhost\instance", "myhost")]
    [InlineData("db1:5432,db2:5433", "db1")]
    [InlineData("postgresql://user:pw@db.example.com:5432/app", "db.example.com")]
    [InlineData("u:secret@h", "h")]
    [InlineData("//orahost:1521/service", "orahost")]
    [InlineData("h;Pwd=secret", null)]
    [InlineData("x:se:cret", null)]
    [InlineData("a b'c", null)]
    [InlineData("  ", null)]
    public void Hosts_lose_scheme_port_and_instance_and_nothing_else_passes(string dataSource, string? host)
        => Assert.Equal(host, ConnectionSource.NormalizeHost(dataSource));
}
