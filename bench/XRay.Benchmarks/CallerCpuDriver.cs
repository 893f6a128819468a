using System.Data.Common;
using System.Reflection;

namespace XRay.Benchmarks;

/// <summary>
/// One build's recorders and commands for <see cref="CallerCpuComparison"/>, reached by reflection: that build's
/// types are not the ones this assembly was compiled against.
/// </summary>
internal sealed class CallerCpuDriver : IDisposable
{
    private readonly List<IDisposable> owned = [];
    private readonly MethodInfo beginSegment;
    private readonly object sampledRecorder;
    private readonly object unsampledRecorder;
    private readonly object idleSenderRecorder;
    private readonly DbCommand sampledCommand;
    private readonly DbCommand unsampledCommand;
    private readonly DbCommand idleSenderCommand;

    public CallerCpuDriver(string name, Assembly xray, XRay.Data.DaemonAddress address)
    {
        Name = name;
        var recorderType = xray.GetType("XRay.Data.XRayRecorder", throwOnError: true)!;
        beginSegment = recorderType.GetMethod("BeginSegment", [typeof(string), xray.GetType("XRay.Data.TraceHeader", throwOnError: true)!])!;
        var daemon = Create(xray, "XRay.Data.DaemonAddress", address.UdpHost, address.UdpPort);
        sampledRecorder = Recorder(xray, daemon, rate: 1.0);
        unsampledRecorder = Recorder(xray, daemon, rate: 0.0);
        idleSenderRecorder = Recorder(xray, daemon, rate: 1.0);
        IdleSender(idleSenderRecorder);
        sampledCommand = Command(xray, sampledRecorder);
        unsampledCommand = Command(xray, unsampledRecorder);
        idleSenderCommand = Command(xray, idleSenderRecorder);
    }

    public string Name { get; }

    /// <summary>Sampled commands, 50 to a segment; the sender writes and sends as fast as it can beside them.</summary>
    public void RunSampled(int commands) => RunSampled(sampledRecorder, sampledCommand, commands);

    /// <summary>
    /// As <see cref="RunSampled(int)"/>, with every finished segment dropped at the sender's door, as a sender that
    /// keeps up sits idle: on two cores a saturated sender slows the caller's own thread too.
    /// </summary>
    public void RunSampledWithIdleSender(int commands) => RunSampled(idleSenderRecorder, idleSenderCommand, commands);

    public void RunUnsampled(int commands)
    {
        using var segment = Begin(unsampledRecorder);
        for (var i = 0; i < commands; i++)
            unsampledCommand.ExecuteScalar();
    }

    public void RunWithoutSegment(int commands)
    {
        for (var i = 0; i < commands; i++)
            sampledCommand.ExecuteScalar();
    }

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(owned))
            disposable.Dispose();
    }

    private static object Create(Assembly xray, string typeName, params object?[] arguments)
    {
        var type = xray.GetType(typeName, throwOnError: true)!;
        // The longest public constructor that takes these arguments first; the rest keep their defaults.
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().Length >= arguments.Length && c.GetParameters().Skip(arguments.Length).All(p => p.HasDefaultValue))
            .OrderBy(c => c.GetParameters().Length)
            .First();
        var values = constructor.GetParameters().Select((p, i) => i < arguments.Length ? arguments[i] : p.DefaultValue).ToArray();
        return constructor.Invoke(values);
    }

    // Completes the emitter's queue, which every version has kept in a private field of that name: documents are then
    // dropped as they are handed over and the sender thread has nothing to do.
    private static void IdleSender(object recorder)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var emitter = recorder.GetType().GetField("emitter", Private)?.GetValue(recorder)
            ?? throw new MissingFieldException(recorder.GetType().FullName, "emitter");
        var queue = emitter.GetType().GetField("queue", Private)?.GetValue(emitter)
            ?? throw new MissingFieldException(emitter.GetType().FullName, "queue");
        var writer = queue.GetType().GetProperty("Writer")!.GetValue(queue)!;
        writer.GetType().GetMethod("TryComplete")!.Invoke(writer, [null]);
    }

    private void RunSampled(object recorder, DbCommand command, int commands)
    {
        var segment = Begin(recorder);
        for (var i = 1; i <= commands; i++)
        {
            command.ExecuteScalar();
            if (i % RequestSegments.CommandsPerSegment == 0)
            {
                segment.Dispose();
                segment = Begin(recorder);
            }
        }

        segment.Dispose();
    }

    private IDisposable Begin(object recorder) => (IDisposable)beginSegment.Invoke(recorder, ["bench", null])!;

    private object Recorder(Assembly xray, object daemon, double rate)
    {
        var options = Create(xray, "XRay.Data.XRayRecorderOptions");
        Set(options, "DaemonAddress", daemon);
        Set(options, "SamplingRules", Create(xray, "XRay.Data.SamplingRules", Create(xray, "XRay.Data.SamplingRule", 0, rate)));
        Set(options, "QueueCapacity", 64);
        var recorder = Create(xray, "XRay.Data.XRayRecorder", options);
        owned.Add((IDisposable)recorder);
        return recorder;
    }

    private DbCommand Command(Assembly xray, object recorder)
    {
        var connection = (DbConnection)Create(xray, "XRay.Data.TracedDbConnection", new AdoFakeConnection(AdoOverheadBenchmarks.ConnectionString), recorder);
        owned.Add(connection);
        connection.Open();
        var command = connection.CreateCommand();
        owned.Add(command);
        command.CommandText = AdoOverheadBenchmarks.Query;
        return command;
    }

    private static void Set(object target, string property, object value)
        => target.GetType().GetProperty(property)!.SetValue(target, value);
}
