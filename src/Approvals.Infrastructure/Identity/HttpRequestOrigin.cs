using Approvals.Application.Auditing;
using Microsoft.AspNetCore.Http;

namespace Approvals.Infrastructure.Identity;

/// <summary>The client address of the current HTTP request; none outside a request (command line, jobs).</summary>
internal sealed class HttpRequestOrigin(IHttpContextAccessor http) : IRequestOrigin
{
    public string? ClientAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
