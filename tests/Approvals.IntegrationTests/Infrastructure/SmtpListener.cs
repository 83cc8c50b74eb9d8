using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Approvals.IntegrationTests.Infrastructure;

/// <summary>
/// A small real SMTP server on loopback (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), so that tests see what the
/// application's mail client actually put on the wire. It can refuse connections (421 at the greeting) or hold its
/// answer to a message, to make the sender fail or take its time.
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly Task _accepting;
    private volatile bool _refusing;
    private int _refused;

    /// <summary>One accepted message: the envelope and the message parsed back (subject and body decoded).</summary>
    public sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> RcptTo, MimeMessage Message)
    {
        public string Subject => Message.Subject ?? "";
        public string Body => Message.TextBody ?? "";
    }

    public SmtpListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    /// <summary>Connections turned away so far (421 at the greeting).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>While true, every connection is turned away with "421 service not available" (a server that is down).</summary>
    public bool Refusing { get => _refusing; set => _refusing = value; }

    /// <summary>Messages to this recipient whose acceptance (the 250 after DATA) waits this long.</summary>
    public ConcurrentDictionary<string, TimeSpan> HoldAcceptance { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The messages to <paramref name="recipient"/> received so far.</summary>
    public IReadOnlyList<ReceivedMail> To(string recipient) =>
        Received.Where(m => m.RcptTo.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until <paramref name="condition"/> holds for the received messages, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(Func<IReadOnlyList<ReceivedMail>, bool> condition, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(Received))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"The SMTP listener did not receive the expected mail; it has {Received.Count} message(s).");
            await Task.Delay(100);
        }
        return Received;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            if (_refusing)
            {
                Interlocked.Increment(ref _refused);
                await writer.WriteLineAsync("421 4.3.2 Service not available, try again later");
                return;
            }
            await writer.WriteLineAsync("220 127.0.0.1 ESMTP test listener");
            string? from = null;
            var rcpt = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-127.0.0.1 hello");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 SMTPUTF8");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 127.0.0.1 hello");
                        break;
                    case "MAIL":
                        from = Address(line);
                        rcpt.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        rcpt.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        var hold = rcpt.Select(r => HoldAcceptance.TryGetValue(r, out var t) ? t : TimeSpan.Zero).DefaultIfEmpty().Max();
                        if (hold > TimeSpan.Zero) await Task.Delay(hold, _stop.Token);
                        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(data.ToString())));
                        _received.Enqueue(new ReceivedMail(from ?? "", [.. rcpt], message));
                        await writer.WriteLineAsync("250 2.0.0 OK queued");
                        break;
                    case "RSET":
                        from = null;
                        rcpt.Clear();
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.1 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    /// <summary>The address in "MAIL FROM:&lt;a@b&gt; SIZE=…" or "RCPT TO:&lt;a@b&gt;".</summary>
    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>', start + 1);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':') + 1)..].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
