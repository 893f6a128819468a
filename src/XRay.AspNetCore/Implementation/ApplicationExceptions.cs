using XRay.Data;

namespace XRay.AspNetCore.Implementation;

/// <summary>Exceptions the application let escape from a request or a unit of work.</summary>
internal static class ApplicationExceptions
{
    /// <summary>
    /// Records <paramref name="exception"/> as the entity's cause and marks it a fault, under the rules of database
    /// errors: an exception's message can quote the values the application worked on, so it is treated as one. The one
    /// place every exception this package records for the application goes through.
    /// </summary>
    public static void AddCauseAsDatabaseErrorsAre(Entity entity, Exception exception)
        => entity.AddException(exception, remote: false, DbExceptionRedactor.Redact);
}
