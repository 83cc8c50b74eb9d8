namespace Approvals.Application.DemoData;

/// <summary>
/// Seeds for the synthetic data's random generators that are the same in every process: .NET randomises
/// <see cref="HashCode"/> per process, so a seed made with it would place the "same" data differently each run.
/// </summary>
public static class StableSeed
{
    /// <summary>Mixes a seed with an index and a salt into a non-negative seed (a murmur-style finaliser).</summary>
    public static int Mix(int seed, int index, int salt)
    {
        unchecked
        {
            var h = (uint)seed * 0x9E3779B1u ^ (uint)index * 0x85EBCA77u ^ (uint)salt * 0xC2B2AE3Du;
            h ^= h >> 16; h *= 0x7FEB352Du; h ^= h >> 15; h *= 0x846CA68Bu; h ^= h >> 16;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
