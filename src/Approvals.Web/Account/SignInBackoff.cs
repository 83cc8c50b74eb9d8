using Microsoft.Extensions.Caching.Memory;

namespace Approvals.Web.Account;

/// <summary>
/// Slows down guessing at one account from one place. Failures are counted per (client address, user name): after
/// <c>FreeFailures</c> of them, that address may not try that name again until <c>FirstDelay</c> has passed since
/// the last failure, and the wait doubles with each further failure up to <c>MaxDelay</c>. A success clears the
/// count; a quiet <c>ForgetAfter</c> forgets it.
/// <para>
/// Why not lock the account (Identity's lockout, which this replaces): user names are predictable, so anyone could
/// lock any member of staff out by failing five times. Keyed by address as well, a stranger's failures hold back
/// only the stranger's address; the real user signs in from theirs as usual. Many addresses guessing at once are
/// bounded by the rate limits (per address and overall, see Hosting/RateLimits). Names that do not exist are counted
/// exactly like names that do, so the backoff does not tell them apart either.
/// </para>
/// <para>
/// The counts live in this node's memory (bounded in size, lost on restart): with several web nodes behind a load
/// balancer a guesser gets that many times the tries, still a handful per account per hour.
/// </para>
/// Settings: <c>Approvals:RateLimits:SignInBackoff:{FreeFailures|FirstDelay|MaxDelay|ForgetAfter}</c>.
/// </summary>
public sealed class SignInBackoff(SignInBackoff.Settings settings, TimeProvider clock) : IDisposable
{
    public sealed record Settings(int FreeFailures, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan ForgetAfter)
    {
        public static Settings From(IConfiguration configuration)
        {
            var section = configuration.GetSection("Approvals:RateLimits:SignInBackoff");
            var settings = new Settings(
                section.GetValue("FreeFailures", 5), section.GetValue("FirstDelay", TimeSpan.FromSeconds(30)),
                section.GetValue("MaxDelay", TimeSpan.FromMinutes(15)), section.GetValue("ForgetAfter", TimeSpan.FromHours(1)));
            if (settings.FreeFailures < 1 || settings.FirstDelay <= TimeSpan.Zero || settings.MaxDelay < settings.FirstDelay || settings.ForgetAfter <= TimeSpan.Zero)
                throw new InvalidOperationException("Approvals:RateLimits:SignInBackoff needs FreeFailures of at least 1, a positive FirstDelay, MaxDelay at least FirstDelay and a positive ForgetAfter.");
            return settings;
        }
    }

    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
    }

    // Bounded: when full, new pairs are not tracked until old ones expire (the rate limits still apply).
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>How long this address must still wait before trying this name again, or null when it may try now.</summary>
    public TimeSpan? HeldBack(string clientAddress, string userName)
    {
        if (!_failures.TryGetValue(Key(clientAddress, userName), out Failures? failures)) return null;
        lock (failures!)
        {
            if (failures.Count < settings.FreeFailures) return null;
            var delay = settings.FirstDelay * Math.Pow(2, Math.Min(failures.Count - settings.FreeFailures, 30));
            var until = failures.Last + (delay < settings.MaxDelay ? delay : settings.MaxDelay);
            var now = clock.GetUtcNow();
            return now < until ? until - now : null;
        }
    }

    public void Failed(string clientAddress, string userName)
    {
        var failures = _failures.GetOrCreate(Key(clientAddress, userName), entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = settings.MaxDelay + settings.ForgetAfter;
            return new Failures();
        })!;
        lock (failures)
        {
            failures.Count++;
            failures.Last = clock.GetUtcNow();
        }
    }

    public void Succeeded(string clientAddress, string userName) => _failures.Remove(Key(clientAddress, userName));

    private static string Key(string clientAddress, string userName) => clientAddress + "\n" + userName.Trim().ToUpperInvariant();

    public void Dispose() => _failures.Dispose();
}
