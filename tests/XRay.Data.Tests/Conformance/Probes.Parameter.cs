using System.Collections;
using System.Data;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static Task Parameter_defaults_and_round_trips(ProbeContext p)
    {
        using var command = p.Factory.CreateCommand()!;
        foreach (var (source, parameter) in new[] { ("factory", p.Factory.CreateParameter()!), ("command", command.CreateParameter()) })
        {
            p.Log.Note(source + " parameter", parameter);
            p.Log.Get("DbType", () => parameter.DbType);
            p.Log.Get("Direction", () => parameter.Direction);
            p.Log.Get("IsNullable", () => parameter.IsNullable);
            p.Log.Get("ParameterName", () => parameter.ParameterName);
            p.Log.Get("Precision", () => parameter.Precision);
            p.Log.Get("Scale", () => parameter.Scale);
            p.Log.Get("Size", () => parameter.Size);
            p.Log.Get("SourceColumn", () => parameter.SourceColumn);
            p.Log.Get("SourceColumnNullMapping", () => parameter.SourceColumnNullMapping);
            p.Log.Get("SourceVersion", () => parameter.SourceVersion);
            p.Log.Get("Value", () => parameter.Value);
            p.Log.Do("DbType = Int64", () => parameter.DbType = DbType.Int64);
            p.Log.Do("ResetDbType", parameter.ResetDbType);
            p.Log.Get("DbType", () => parameter.DbType);
            p.Log.Do("ParameterName = null", () => parameter.ParameterName = null);
            p.Log.Get("ParameterName", () => parameter.ParameterName);
            p.Log.Do("SourceColumn = null", () => parameter.SourceColumn = null);
            p.Log.Get("SourceColumn", () => parameter.SourceColumn);
            p.Log.Do("Value = 5", () => parameter.Value = 5);
            p.Log.Get("DbType", () => parameter.DbType);
        }

        return Task.CompletedTask;
    }

    public static Task Parameter_collection_edges(ProbeContext p)
    {
        using var command = p.Factory.CreateCommand()!;
        var parameters = command.Parameters;
        p.Log.Do("Add(null)", () => parameters.Add(null!));
        p.Log.Do("Insert(0, null)", () => parameters.Insert(0, null!));
        p.Log.Get("Contains(null object)", () => parameters.Contains((object)null!));
        p.Log.Get("Contains(null string)", () => parameters.Contains((string)null!));
        p.Log.Get("IndexOf(null object)", () => parameters.IndexOf((object)null!));
        p.Log.Get("IndexOf(null string)", () => parameters.IndexOf((string)null!));
        p.Log.Do("Remove(null)", () => parameters.Remove(null!));
        p.Log.Do("RemoveAt(-1)", () => parameters.RemoveAt(-1));
        p.Log.Do("RemoveAt(0) when empty", () => parameters.RemoveAt(0));
        var parameter = command.CreateParameter();
        p.Log.Do("Insert(-1)", () => parameters.Insert(-1, parameter));
        p.Log.Do("Insert(1)", () => parameters.Insert(1, parameter));
        p.Log.Do("Insert(0)", () => parameters.Insert(0, parameter));
        p.Log.Get("Count", () => parameters.Count);
        p.Log.Get("first is the parameter", () => ReferenceEquals(parameters[0], parameter));
        p.Log.Do("[0] = null", () => parameters[0] = null!);
        p.Log.Do("IList[0] = null", () => ((IList)parameters)[0] = null);
        parameter.ParameterName = "@param";
        p.Log.Do("[\"@param\"] = null", () => parameters["@param"] = null!);
        p.Log.Do("IDataParameterCollection[\"@param\"] = null", () => ((IDataParameterCollection)parameters)["@param"] = null!);
        p.Log.Get("IndexOf(\"@param\")", () => parameters.IndexOf("@param"));
        p.Log.Get("Contains(\"param\")", () => parameters.Contains("param"));
        p.Log.Do("Remove", () => parameters.Remove(parameter));
        p.Log.Get("Count", () => parameters.Count);
        p.Log.Get("AddWithValue-like Add(object)", () => parameters.Add(command.CreateParameter()));
        p.Log.Do("RemoveAt(0)", () => parameters.RemoveAt(0));
        p.Log.Get("Count", () => parameters.Count);
        p.Log.Do("Add(non-parameter)", () => parameters.Add("not a parameter"));
        return Task.CompletedTask;
    }
}
