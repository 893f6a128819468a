using System.ComponentModel;

namespace XRay.Data;

/// <summary>
/// Disposes a provider's connection or command and tells whether it raised its <c>Disposed</c> event meanwhile, so
/// that the traced object raises its own exactly as often: <see cref="Component"/> raises it only from
/// <c>Dispose(true)</c>, which some providers never call (Npgsql's commands) and others call on every dispose.
/// </summary>
internal sealed class ProviderDisposal
{
    private bool raised;

    private ProviderDisposal()
    {
    }

    public static async ValueTask<bool> RaisedDisposed<T>(T component, bool async)
        where T : Component, IAsyncDisposable
    {
        var disposal = new ProviderDisposal();
        EventHandler note = disposal.Note;
        component.Disposed += note;
        try
        {
            if (async)
                await component.DisposeAsync().ConfigureAwait(false);
            else
                component.Dispose();
        }
        finally
        {
            component.Disposed -= note;
        }

        return disposal.raised;
    }

    private void Note(object? sender, EventArgs e) => raised = true;
}
