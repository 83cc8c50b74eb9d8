using System.Net;

namespace Approvals.Web.Hosting;

public static class ClientAddress
{
    /// <summary>
    /// The address the request came from: the connection's, or the one the trusted proxy puts in X-Forwarded-For
    /// when forwarded headers are enabled (deploy/). IPv4 as dotted quad even on a dual-stack socket.
    /// </summary>
    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        IPAddress address => address.ToString(),
    };
}
