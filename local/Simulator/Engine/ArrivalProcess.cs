namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// Submission times over the day: a Poisson process whose rate follows a working-day curve (quiet night, a
/// nightly batch burst at 02:00, a daytime plateau), drawn by thinning so the result is exact and streaming.
/// </summary>
internal sealed class ArrivalProcess
{
    // Relative submission rate for each hour of the day (UTC).
    private static readonly double[] HourWeights =
    [
        0.4, 0.5, 2.6, 1.8, 0.6, 0.4, 0.5, 0.8, 1.3, 1.6, 1.7, 1.6,
        1.3, 1.5, 1.7, 1.7, 1.5, 1.2, 0.9, 0.7, 0.6, 0.5, 0.4, 0.4,
    ];

    private readonly Random _random;
    private readonly double _maxRatePerSecond;
    private readonly double _maxWeight;
    private double _clock;

    public ArrivalProcess(Random random, long startSecond, double expectedSubmissions)
    {
        _random = random;
        _clock = startSecond;
        var meanWeight = HourWeights.Average();
        _maxWeight = HourWeights.Max();
        _maxRatePerSecond = expectedSubmissions / 86400.0 * _maxWeight / meanWeight;
        StartSecond = startSecond;
    }

    public long StartSecond { get; }

    public long Next()
    {
        while (true)
        {
            _clock += -Math.Log(1 - _random.NextDouble()) / _maxRatePerSecond;
            var hour = (int)((long)(_clock - StartSecond) / 3600 % 24);
            if (_random.NextDouble() * _maxWeight <= HourWeights[hour])
            {
                return (long)_clock;
            }
        }
    }
}
