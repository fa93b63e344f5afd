using System.Runtime.ExceptionServices;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// An output file written on a thread of its own: the replay copies each line into a large buffer and goes on, and
/// full buffers reach the disk from here. The replay runs the pipeline on one thread, and the system calls and kernel
/// copies of emf.jsonl (about 4 KB of EMF per job) were a few percent of that thread (docs/performance.md).
/// </summary>
/// <remarks>
/// Bytes reach the file in the order they were written. A failure to write is rethrown by the next
/// <see cref="Write"/> or by <see cref="Dispose"/>, so a full disk still fails the replay.
/// </remarks>
public sealed class BackgroundFileWriter : IDisposable
{
    private const int BufferBytes = 1 << 18;

    // A few buffers in flight let the disk fall behind for a moment without stopping the replay; more would only hold memory.
    private const int MaxPendingBuffers = 4;

    private readonly FileStream _file;
    private readonly Queue<byte[]> _pending = new();
    private readonly Stack<byte[]> _free = new();
    private readonly object _lock = new();
    private readonly Thread _thread;
    private byte[] _current = new byte[BufferBytes];
    private int _used;
    private bool _closing;
    private Exception? _failure;

    public BackgroundFileWriter(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _thread = new Thread(Drain) { IsBackground = true, Name = $"brm writer {Path.GetFileName(path)}" };
        _thread.Start();
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var room = Math.Min(bytes.Length, BufferBytes - _used);
            bytes[..room].CopyTo(_current.AsSpan(_used));
            _used += room;
            bytes = bytes[room..];
            if (_used == BufferBytes)
            {
                HandOver();
            }
        }
    }

    /// <summary>Writes what is buffered, waits for the disk, and closes the file.</summary>
    public void Dispose()
    {
        try
        {
            if (_used > 0)
            {
                HandOver();
            }
        }
        finally
        {
            lock (_lock)
            {
                _closing = true;
                Monitor.PulseAll(_lock);
            }

            _thread.Join();
            _file.Dispose();
        }

        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }
    }

    private void HandOver()
    {
        lock (_lock)
        {
            while (_pending.Count >= MaxPendingBuffers && _failure is null)
            {
                Monitor.Wait(_lock);
            }

            if (_failure is not null)
            {
                ExceptionDispatchInfo.Throw(_failure);
            }

            if (_used == BufferBytes)
            {
                _pending.Enqueue(_current);
                _current = _free.Count > 0 ? _free.Pop() : new byte[BufferBytes];
            }
            else
            {
                _pending.Enqueue(_current[.._used]); // the last, partly filled buffer
            }

            _used = 0;
            Monitor.PulseAll(_lock);
        }
    }

    private void Drain()
    {
        while (true)
        {
            byte[] buffer;
            lock (_lock)
            {
                while (_pending.Count == 0 && !_closing)
                {
                    Monitor.Wait(_lock);
                }

                if (_pending.Count == 0)
                {
                    return;
                }

                buffer = _pending.Peek();
            }

            try
            {
                _file.Write(buffer);
            }
            catch (Exception ex)
            {
                lock (_lock)
                {
                    _failure = ex;
                    _pending.Clear();
                    Monitor.PulseAll(_lock);
                }

                return;
            }

            lock (_lock)
            {
                _pending.Dequeue();
                if (buffer.Length == BufferBytes)
                {
                    _free.Push(buffer);
                }

                Monitor.PulseAll(_lock);
            }
        }
    }
}
