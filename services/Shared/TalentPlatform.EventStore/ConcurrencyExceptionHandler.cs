using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.EventStore;

/// <summary>
/// A stream that moved on under a command: 412 when the client named the version it expected
/// (<c>If-Match</c>), 409 when two writers raced without one, or when two requests created the same
/// stream (a slug taken between the check and the commit).
/// </summary>
internal sealed class ConcurrencyExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "It already exists.",
                    Detail = "Another request created it at the same time.",
                },
            });
        }

        if (exception is not JasperFx.ConcurrencyException)
        {
            return false;
        }

        var expectedVersionGiven = httpContext.Request.Headers.IfMatch.Count > 0;
        var problem = expectedVersionGiven
            ? new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = ETags.StaleTitle,
                Detail = "Read it again for its current ETag, then retry the command if it still applies.",
            }
            : new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Another command changed the resource at the same time.",
                Detail = "Retry the command.",
            };

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
