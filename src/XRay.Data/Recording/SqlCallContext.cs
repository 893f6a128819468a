namespace XRay.Data;

/// <summary>
/// What <see cref="SqlRecorder.Records"/> read before a call, handed to the begin that follows so that neither the
/// current entity nor the activity source's listeners are looked up twice on a command's path.
/// </summary>
/// <param name="Current">The entity current for the async flow, when any.</param>
/// <param name="Listening">Whether something listens to the <c>XRay.Data</c> activity source.</param>
internal readonly record struct SqlCallContext(Entity? Current, bool Listening);
