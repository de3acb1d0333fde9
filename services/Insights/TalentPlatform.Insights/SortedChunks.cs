namespace TalentPlatform.Insights;

/// <summary>
/// A sorted multiset of keys in chunks of at most 512: adding costs a binary search and a copy of at most one chunk,
/// the key of a given rank is found by walking the chunks' counts. With <c>withTicks</c>, each key keeps when it was
/// recorded, so the keys known at a moment can be read in order. Small sets stay small: a chunk grows as it fills.
/// </summary>
internal sealed class SortedChunks<TKey>(bool withTicks)
    where TKey : IComparable<TKey>
{
    private const int ChunkSize = 512;
    private readonly List<Chunk> _chunks = [];

    public int Count { get; private set; }

    public void Add(TKey key, long ticks)
    {
        Count++;
        if (_chunks.Count == 0)
        {
            _chunks.Add(new Chunk(withTicks));
        }

        // The first chunk whose last key is above the new one takes it (equal keys go after the ones there).
        var low = 0;
        var high = _chunks.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_chunks[middle].Last.CompareTo(key) > 0)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        var chunk = _chunks[low];
        chunk.Insert(key, ticks);
        if (chunk.Count == ChunkSize)
        {
            _chunks.Insert(low + 1, chunk.SplitOffUpperHalf());
        }
    }

    /// <summary>Takes one key equal to <paramref name="key"/> out (with its ticks); throws when there is none.</summary>
    public void Remove(TKey key)
    {
        // The first chunk whose last key is at least the key holds it, if any does.
        var low = 0;
        var high = _chunks.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_chunks[middle].Last.CompareTo(key) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        if (low == _chunks.Count || !_chunks[low].Remove(key))
        {
            throw new InvalidOperationException("A key that was never kept cannot be taken out.");
        }

        Count--;
        if (_chunks[low].Count == 0)
        {
            _chunks.RemoveAt(low);
        }
    }

    /// <summary>The key of rank <paramref name="rank"/> (0 the smallest).</summary>
    public TKey this[int rank]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rank);
            foreach (var chunk in _chunks)
            {
                if (rank < chunk.Count)
                {
                    return chunk.Keys[rank];
                }

                rank -= chunk.Count;
            }

            throw new ArgumentOutOfRangeException(nameof(rank));
        }
    }

    /// <summary>How many keys are at most <paramref name="key"/>.</summary>
    public int CountAtMost(TKey key)
    {
        var count = 0;
        foreach (var chunk in _chunks)
        {
            if (chunk.Last.CompareTo(key) <= 0)
            {
                count += chunk.Count;
                continue;
            }

            var low = 0;
            var high = chunk.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (chunk.Keys[middle].CompareTo(key) <= 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return count + low;
        }

        return count;
    }

    /// <summary>The keys recorded at or before <paramref name="ticks"/>, in order (only with ticks kept).</summary>
    public IEnumerable<TKey> RecordedBy(long ticks)
    {
        foreach (var chunk in _chunks)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                if (chunk.Ticks![i] <= ticks)
                {
                    yield return chunk.Keys[i];
                }
            }
        }
    }

    /// <summary>Every key with its ticks, in order.</summary>
    public IEnumerable<(TKey Key, long Ticks)> All()
    {
        foreach (var chunk in _chunks)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                yield return (chunk.Keys[i], chunk.Ticks?[i] ?? 0);
            }
        }
    }

    private sealed class Chunk(bool withTicks)
    {
        public TKey[] Keys { get; private set; } = new TKey[4];

        public long[]? Ticks { get; private set; } = withTicks ? new long[4] : null;

        public int Count { get; private set; }

        public TKey Last => Keys[Count - 1];

        public void Insert(TKey key, long ticks)
        {
            if (Count == Keys.Length)
            {
                var size = Math.Min(Keys.Length * 2, ChunkSize);
                Keys = Grow(Keys, size);
                Ticks = Ticks is null ? null : Grow(Ticks, size);
            }

            var low = 0;
            var high = Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (Keys[middle].CompareTo(key) <= 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            Array.Copy(Keys, low, Keys, low + 1, Count - low);
            Keys[low] = key;
            if (Ticks is not null)
            {
                Array.Copy(Ticks, low, Ticks, low + 1, Count - low);
                Ticks[low] = ticks;
            }

            Count++;
        }

        public bool Remove(TKey key)
        {
            var low = 0;
            var high = Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (Keys[middle].CompareTo(key) < 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            if (low == Count || Keys[low].CompareTo(key) != 0)
            {
                return false;
            }

            Array.Copy(Keys, low + 1, Keys, low, Count - low - 1);
            Keys[Count - 1] = default!;
            if (Ticks is not null)
            {
                Array.Copy(Ticks, low + 1, Ticks, low, Count - low - 1);
            }

            Count--;
            return true;
        }

        public Chunk SplitOffUpperHalf()
        {
            var half = Count / 2;
            var upper = new Chunk(Ticks is not null) { Keys = new TKey[ChunkSize], Ticks = Ticks is null ? null : new long[ChunkSize], Count = Count - half };
            Array.Copy(Keys, half, upper.Keys, 0, upper.Count);
            if (Ticks is not null)
            {
                Array.Copy(Ticks, half, upper.Ticks!, 0, upper.Count);
            }

            Array.Clear(Keys, half, Count - half);
            Count = half;
            return upper;
        }

        private static T[] Grow<T>(T[] items, int size)
        {
            var grown = new T[size];
            Array.Copy(items, grown, items.Length);
            return grown;
        }
    }
}
