namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// Submission times over the day: a Poisson process whose rate follows a working-day curve (quiet night, a
/// nightly batch burst at 02:00, a daytime plateau), drawn by thinning so the result is exact and streaming.
/// The rate is re-aimed at every submission at the records still to submit over the part of the day still
/// ahead: arrays make records per submission vary so much that a fixed rate would end a 1,000-job day's
/// submissions hours before or after midnight; re-aimed, they end with the day at any size.
/// </summary>
internal sealed class ArrivalProcess
{
    private const int SecondsPerDay = 86400;

    // Relative submission rate for each hour of the day (UTC).
    private static readonly double[] HourWeights =
    [
        0.4, 0.5, 2.6, 1.8, 0.6, 0.4, 0.5, 0.8, 1.3, 1.6, 1.7, 1.6,
        1.3, 1.5, 1.7, 1.7, 1.5, 1.2, 0.9, 0.7, 0.6, 0.5, 0.4, 0.4,
    ];

    /// <summary>Records left at midnight (or just before) arrive within about ten quiet-hour minutes instead of at once.</summary>
    private static readonly double MinRemainingWeightSeconds = 600 * HourWeights.Min();

    private readonly Random _random;
    private readonly double _recordsPerSubmission;
    private readonly double _maxWeight = HourWeights.Max();
    private double _clock;

    public ArrivalProcess(Random random, long startSecond, double recordsPerSubmission)
    {
        _random = random;
        _clock = startSecond;
        _recordsPerSubmission = recordsPerSubmission;
        StartSecond = startSecond;
    }

    /// <summary>The busiest hour's submission rate over the day's mean: what capacity is sized against.</summary>
    public static double PeakOverMeanRate => HourWeights.Max() / HourWeights.Average();

    public long StartSecond { get; }

    public long Next(int recordsLeft)
    {
        var submissionsLeft = recordsLeft / _recordsPerSubmission;
        var perWeightSecond = submissionsLeft / Math.Max(RemainingWeightSeconds(), MinRemainingWeightSeconds);
        var maxRatePerSecond = perWeightSecond * _maxWeight;
        while (true)
        {
            _clock += -Math.Log(1 - _random.NextDouble()) / maxRatePerSecond;
            var hour = (int)((long)(_clock - StartSecond) / 3600 % 24);
            if (_random.NextDouble() * _maxWeight <= HourWeights[hour])
            {
                return (long)_clock;
            }
        }
    }

    /// <summary>The rest of the day's rate curve from the clock on, in weight x seconds.</summary>
    private double RemainingWeightSeconds()
    {
        var elapsed = _clock - StartSecond;
        if (elapsed >= SecondsPerDay)
        {
            return 0;
        }

        var hour = (int)(elapsed / 3600);
        var remaining = HourWeights[hour] * ((hour + 1) * 3600 - elapsed);
        for (var later = hour + 1; later < HourWeights.Length; later++)
        {
            remaining += HourWeights[later] * 3600;
        }

        return remaining;
    }
}
