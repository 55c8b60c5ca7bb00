using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Training.Data;
using Xunit;

namespace SimCache.Training.Tests.Data;

[Collection(MlLatestSmallCollection.Name)]
public sealed class SparseRowsTests(MlLatestSmallDataset dataset)
{
    [Fact]
    public void FromPairsSortsEachRowAndDropsRepeatedPairs()
    {
        // Pairs (row, item): (2,5) (0,3) (2,1) (0,3) (2,5) (0,0)
        //   row 0: {3, 3, 0} → [0, 3];  row 1: nothing → [];  row 2: {5, 1, 5} → [1, 5];  nnz = 4.
        var m = SparseRows.FromPairs(3, 6, [2, 0, 2, 0, 2, 0], [5, 3, 1, 3, 5, 0]);
        Assert.Equal(3, m.Rows);
        Assert.Equal(6, m.Columns);
        Assert.Equal(4, m.NonZeros);
        Assert.Equal([0, 3], m.Items(0).ToArray());
        Assert.Empty(m.Items(1).ToArray());
        Assert.Equal([1, 5], m.Items(2).ToArray());
        Assert.Equal([2, 0, 2], new[] { m.Count(0), m.Count(1), m.Count(2) });
        Assert.Equal(2, m.NonEmptyRows());
        Assert.True(m.Contains(2, 5));
        Assert.False(m.Contains(2, 3));
        // Column counts: item 0 ← row 0; item 1 ← row 2; item 3 ← row 0 (once, despite the repeat); item 5 ← row 2.
        Assert.Equal([1, 1, 0, 1, 0, 1], m.ColumnCounts());
    }

    [Fact]
    public void FromPairsMatchesASetOfPairsOnRandomInput()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var rng = new Random(seed);
            int rows = rng.Next(1, 30), cols = rng.Next(1, 15), n = rng.Next(0, 300);
            var r = new int[n];
            var c = new int[n];
            for (int i = 0; i < n; i++) { r[i] = rng.Next(rows); c[i] = rng.Next(cols); }
            var m = SparseRows.FromPairs(rows, cols, r, c);
            var expected = r.Zip(c).Distinct().ToLookup(p => p.First, p => p.Second);
            Assert.Equal(r.Zip(c).Distinct().Count(), m.NonZeros);
            for (int row = 0; row < rows; row++)
                Assert.Equal(expected[row].Order().ToArray(), m.Items(row).ToArray());
        }
    }

    [Fact]
    public void FromPairsRefusesIndicesOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseRows.FromPairs(2, 3, [0, 2], [0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseRows.FromPairs(2, 3, [0, 1], [0, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseRows.FromPairs(2, 3, [-1], [0]));
        Assert.Throws<ArgumentException>(() => SparseRows.FromPairs(2, 3, [0, 1], [0]));
    }

    [Fact]
    public void FillDenseWritesTheRequestedRowsAsZeroOneAndClearsTheBuffer()
    {
        // row 0 = [0, 3], row 2 = [1, 5]; batch [2, 0] over 6 columns:
        //   line 0 (row 2): 0 1 0 0 0 1
        //   line 1 (row 0): 1 0 0 1 0 0
        var m = SparseRows.FromPairs(3, 6, [2, 0, 2, 0], [5, 3, 1, 0]);
        var dense = Enumerable.Repeat(7f, 12).ToArray(); // stale content must disappear
        m.FillDense([2, 0], dense);
        Assert.Equal([0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0], dense);

        var empty = Enumerable.Repeat(7f, 6).ToArray();
        m.FillDense([1], empty);
        Assert.All(empty, v => Assert.Equal(0f, v));

        Assert.Throws<ArgumentException>(() => m.FillDense([0, 1], new float[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.FillDense([3], new float[6]));
    }

    [Fact]
    public void LoadReadsThePublishedSplitOfMlLatestSmall()
    {
        // Row counts of the published vae-cf split (train.csv, test_te.csv) and unique_sid.txt's 5,181 items.
        var train = SparseRows.Load(dataset.Folder, "train");
        var testTr = SparseRows.Load(dataset.Folder, "test_tr");
        var testTe = SparseRows.Load(dataset.Folder, "test_te");
        Assert.Equal(31_463, train.NonZeros);
        Assert.Equal(1_594, testTe.NonZeros);
        Assert.Equal(5_181, train.Columns);
        Assert.Equal(dataset.Manifest.UserIds.Count, train.Rows);
        Assert.Equal(dataset.Manifest.Counts.Splits["test_tr"].Interactions, testTr.NonZeros);

        // Fold-in and held-out parts of a test user never share an item, and only test users have them.
        for (int u = 0; u < testTe.Rows; u++)
        {
            foreach (int item in testTe.Items(u)) Assert.False(testTr.Contains(u, item));
            if (testTe.Count(u) > 0) Assert.Equal(0, train.Count(u));
        }
        // 100 test users have a fold-in part but only 99 a held-out part, as in the published test_tr.csv /
        // test_te.csv: one test user kept fewer than 5 items once restricted to training items, so all of
        // them went to the fold-in part (Liang et al.'s split_train_test_proportion).
        Assert.Equal(dataset.Manifest.Counts.TestUsers, testTr.NonEmptyRows());
        Assert.Equal(100, testTr.NonEmptyRows());
        Assert.Equal(99, testTe.NonEmptyRows());
    }

    [Fact]
    public void LoadRefusesAnItemOutsideTheDatasetNamingFileAndRow()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(dataset.Folder, DatasetManifest.FileName), dir.File(DatasetManifest.FileName));
        var path = dir.File("bad.arrow");
        using (var w = new InteractionFileWriter(path, new Provenance("test", null, "0.1.0-test")))
        {
            w.Append(0, 0, 1, 4f);
            w.Append(1, 5_180, 2, 4f);
            w.Append(2, 5_181, 3, 4f); // one past the last item
            w.Complete();
        }
        var e = Assert.Throws<DataFormatException>(() => SparseRows.Load(dir.Path, "bad"));
        Assert.Equal(path, e.Path);
        Assert.Equal(2, e.Line);
        Assert.Contains("item index 5181", e.Message);

        Assert.Throws<DataFormatException>(() => SparseRows.Load(dir.Path, "missing"));
    }
}
