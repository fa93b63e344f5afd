namespace BatchRuntimeMonitor.Core.Storage;

/// <summary>Read, merge, conditional write; retried when a concurrent writer got there first.</summary>
public static class RecordUpdater
{
    private const int MaxAttempts = 8;

    /// <param name="merge">Pure merge of an observation into the current record (null when none is stored yet).</param>
    public static async ValueTask<TRecord> UpdateAsync<TRecord>(
        IRecordStore<TRecord> store, string key, Func<TRecord?, TRecord> merge, CancellationToken cancellationToken)
        where TRecord : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var merged = merge(current?.Record);
            if (await store.TryWriteAsync(key, merged, current?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                return merged;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"{typeof(TRecord).Name} '{key}' kept changing under {MaxAttempts} concurrent updates");
            }
        }
    }
}
