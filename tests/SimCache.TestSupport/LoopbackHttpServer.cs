using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SimCache.TestSupport;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 for download tests, on a raw socket so a test controls exactly
/// what goes over the wire: a body cut short of its Content-Length, headers and then silence, a server
/// that ignores Range. One request per connection (it always answers <c>Connection: close</c>). It records
/// every request it sees, so a test can assert what the client asked for.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    /// <summary>A request as the server saw it; header names lower-case.</summary>
    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
    }

    /// <summary>
    /// An answer: <paramref name="Status"/> and <paramref name="Body"/>, with Content-Length the body's length
    /// unless <see cref="Headers"/> sets it. <see cref="SendOnly"/> cuts the body short and closes the
    /// connection; <see cref="Stall"/> sends the headers (and <see cref="SendOnly"/> bytes) and then nothing
    /// until the server is disposed.
    /// </summary>
    public sealed record Reply(int Status, byte[] Body)
    {
        public Dictionary<string, string> Headers { get; init; } = [];
        public int? SendOnly { get; init; }
        public bool Stall { get; init; }

        public static Reply NotFound() => new(404, Encoding.ASCII.GetBytes("not found"));
    }

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Request, Reply> _handler;
    private readonly Task _accept;
    private readonly ConcurrentBag<Task> _connections = [];

    public LoopbackHttpServer(Func<Request, Reply> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accept = Task.Run(AcceptLoop);
    }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            _connections.Add(Task.Run(() => Serve(client)));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequest(stream);
                if (request is null) return;
                Requests.Enqueue(request);
                var reply = _handler(request);
                var head = new StringBuilder();
                head.Append("HTTP/1.1 ").Append(reply.Status).Append(' ').Append(Reason(reply.Status)).Append("\r\n");
                if (!reply.Headers.Keys.Any(k => k.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
                    head.Append("Content-Length: ").Append(reply.Body.Length).Append("\r\n");
                foreach (var (k, v) in reply.Headers) head.Append(k).Append(": ").Append(v).Append("\r\n");
                head.Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                int n = Math.Min(reply.SendOnly ?? reply.Body.Length, reply.Body.Length);
                await stream.WriteAsync(reply.Body.AsMemory(0, n), _stop.Token);
                await stream.FlushAsync(_stop.Token);
                if (reply.Stall) await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client went away, or the server is stopping
            }
        }
    }

    private async Task<Request?> ReadRequest(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 65536)
        {
            int n = await stream.ReadAsync(one, _stop.Token);
            if (n == 0) return null;
            bytes.Add(one[0]);
            int c = bytes.Count;
            if (c >= 4 && bytes[c - 4] == '\r' && bytes[c - 3] == '\n' && bytes[c - 2] == '\r' && bytes[c - 1] == '\n') break;
        }
        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return new Request(first[0], first[1], headers);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        206 => "Partial Content",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        _ => "Status",
    };

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            Task.WaitAll([_accept, .. _connections], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
