using System.Globalization;
using System.Net;
using System.Text;

namespace BatchRuntimeMonitor.Local.Dashboards;

/// <summary>
/// Serves the dashboards page on http://127.0.0.1:&lt;port&gt;/ and re-renders it when the replay's files or the
/// dashboard bodies change; the served page polls /version and reloads itself, so a running replay refreshes.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string VersionPath = "/version";

    private readonly DashboardRenderOptions _options;
    private readonly HttpListener _listener = new();
    private readonly SemaphoreSlim _renderLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private string? _renderedVersion;
    private string _html = "";
    private Task? _loop;

    public DashboardServer(DashboardRenderOptions options, int port)
    {
        _options = new DashboardRenderOptions
        {
            DashboardsDirectory = options.DashboardsDirectory,
            ReplayDirectory = options.ReplayDirectory,
            OutputPath = options.OutputPath,
            Namespace = options.Namespace,
            Region = options.Region,
            Parameters = options.Parameters,
            Title = options.Title,
            LiveReloadPath = VersionPath,
        };
        Address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        _listener.Prefixes.Add(Address.AbsoluteUri);
    }

    public Uri Address { get; }

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Changes when any replay file or dashboard body is written: names, sizes and write times.</summary>
    public string CurrentVersion()
    {
        var files = new[] { _options.ReplayDirectory, _options.DashboardsDirectory }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.json*"))
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.FullName}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", files))))[..16];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
        _renderLock.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Requests are tiny and local; answering them one at a time keeps rendering single-threaded.
            await AnswerAsync(context).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath ?? "/";
            var (status, type, body) = path switch
            {
                VersionPath => (200, "text/plain", CurrentVersion()),
                "/" or "/index.html" or "/dashboards.html" => (200, "text/html", await PageAsync().ConfigureAwait(false)),
                _ => (404, "text/plain", "not found"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = type + "; charset=utf-8";
            response.Headers["Cache-Control"] = "no-store";
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpListenerException or FormatException or System.Text.Json.JsonException)
        {
            // A replay being written can be caught mid-line; the next poll renders it once complete.
            response.StatusCode = 503;
        }
        finally
        {
            response.Close();
        }
    }

    private async Task<string> PageAsync()
    {
        await _renderLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var version = CurrentVersion();
            if (version != _renderedVersion)
            {
                _html = DashboardPage.RenderHtml(_options).Html;
                _renderedVersion = version;
            }

            return _html;
        }
        finally
        {
            _renderLock.Release();
        }
    }
}
