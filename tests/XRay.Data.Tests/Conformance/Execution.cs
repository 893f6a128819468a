namespace XRay.Data.Tests.Conformance;

/// <summary>Which of the three ways a probe executes a command or a batch.</summary>
internal enum Execution
{
    NonQuery,
    Scalar,
    Reader,
}
