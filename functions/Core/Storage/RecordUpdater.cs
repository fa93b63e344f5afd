namespace BatchRuntimeMonitor.Core.Storage;

/// <summary>Read, merge, conditional write; retried when a concurrent writer got there first.</summary>
/// <remarks>
/// A lost write waits a random time before reading again ("full jitter": up to 10 ms, doubling per attempt, at most
/// 1 s; all ten attempts lost wait about 1.6 s on average, well inside the functions' 30 s timeout). Retried at
/// once, writers that lost the same race read the same version and race again: with several Lambda invocations
/// updating one job (its events split across SQS batches), a writer lost all its attempts.
/// </remarks>
public static class RecordUpdater
{
    private const int MaxAttempts = 10;
    private const double FirstRetryCeilingMs = 10;
    private const double RetryCeilingLimitMs = 1000;

    /// <param name="merge">Pure merge of an observation into the current record (null when none is stored yet).</param>
    public static ValueTask<TRecord> UpdateAsync<TRecord>(
        IRecordStore<TRecord> store, string key, Func<TRecord?, TRecord> merge, CancellationToken cancellationToken)
        where TRecord : class =>
        UpdateAsync(store, key, merge, static (current, merge) => merge(current), cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync{TRecord}(IRecordStore{TRecord}, string, Func{TRecord, TRecord}, CancellationToken)"/> with
    /// the merge's input passed as <paramref name="state"/>: a static merge then needs no closure per call.
    /// </summary>
    public static async ValueTask<TRecord> UpdateAsync<TRecord, TState>(
        IRecordStore<TRecord> store, string key, TState state, Func<TRecord?, TState, TRecord> merge, CancellationToken cancellationToken)
        where TRecord : class =>
        // A merge always returns a record, so every attempt writes; the result is never null.
        (await UpdateIfChangedAsync(store, key, state, merge, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// The same loop for updates that often have nothing to do: <paramref name="change"/> returns null when the
    /// current record needs no write, so a repeated or already-applied update costs one read and no write.
    /// </summary>
    /// <param name="change">The record to write given the current one (null when none is stored), or null to leave it as it is.</param>
    /// <returns>The record as stored afterwards: the one written, or the current one left unchanged (null when there is none).</returns>
    public static ValueTask<TRecord?> UpdateIfChangedAsync<TRecord>(
        IRecordStore<TRecord> store, string key, Func<TRecord?, TRecord?> change, CancellationToken cancellationToken)
        where TRecord : class =>
        UpdateIfChangedAsync(store, key, change, static (current, change) => change(current), cancellationToken);

    /// <summary>The same with the change's input passed as <paramref name="state"/> (no closure per call).</summary>
    public static async ValueTask<TRecord?> UpdateIfChangedAsync<TRecord, TState>(
        IRecordStore<TRecord> store, string key, TState state, Func<TRecord?, TState, TRecord?> change, CancellationToken cancellationToken)
        where TRecord : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (change(current?.Record, state) is not { } changed)
            {
                return current?.Record;
            }

            if (await store.TryWriteAsync(key, changed, current?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                return changed;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"{typeof(TRecord).Name} '{key}' kept changing under {MaxAttempts} concurrent updates");
            }

            await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait after the <paramref name="attempt"/>th lost write: uniform between zero and a ceiling that doubles per attempt.</summary>
    internal static TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(RetryCeilingLimitMs, FirstRetryCeilingMs * Math.Pow(2, attempt - 1)));
}
