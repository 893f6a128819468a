Console.WriteLine("ArchiverDb");
