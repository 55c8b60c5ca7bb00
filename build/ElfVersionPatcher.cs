// One source, two consumers:
//  * build/TorchSharpNativePatch.targets compiles this file with RoslynCodeTaskFactory (netstandard2.0
//    reference set, so no Span/BinaryPrimitives/File.Move-overwrite here) and runs PatchElfWeakVersion.
//  * tests/SimCache.Training.Tests links it with SIMCACHE_ELF_PATCHER_NO_TASK defined, so the patch logic
//    is unit-tested without a Microsoft.Build package reference.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SimCache.Build;

/// <summary>What a patch attempt found or did; callers decide how loud to be about each case.</summary>
public enum ElfPatchOutcome
{
    /// <summary>The version requirement was strong and has been marked weak (file rewritten).</summary>
    Patched,

    /// <summary>The version requirement is already weak; nothing was written.</summary>
    AlreadyPatched,

    /// <summary>The file does not require the version at all; nothing was written.</summary>
    VersionNotRequired,

    /// <summary>The file is not an ELF64 little-endian object or has no version-needs section; nothing was written.</summary>
    NotApplicable,
}

/// <summary>
/// Carries the outcome together with the evidence (which library the version is required from, which
/// dynamic symbols bind to it) so the build log shows why a patch was considered safe.
/// </summary>
public sealed class ElfPatchResult
{
    public ElfPatchResult(ElfPatchOutcome outcome, string message, long flagsOffset, string? requiredFrom, IReadOnlyList<string> boundSymbols)
    {
        Outcome = outcome;
        Message = message;
        FlagsOffset = flagsOffset;
        RequiredFrom = requiredFrom;
        BoundSymbols = boundSymbols;
    }

    public ElfPatchOutcome Outcome { get; }

    public string Message { get; }

    /// <summary>File offset of the matching vna_flags field, or -1 when there is none.</summary>
    public long FlagsOffset { get; }

    /// <summary>The vn_file (DT_NEEDED name) the version is required from, e.g. libstdc++.so.6.</summary>
    public string? RequiredFrom { get; }

    /// <summary>Undefined dynamic symbols whose version index points at the entry.</summary>
    public IReadOnlyList<string> BoundSymbols { get; }
}

/// <summary>
/// Thrown when a file claims to be ELF64 LE but its headers or version tables point outside the file or
/// contradict themselves: patching such a file could corrupt a native library, so the build must stop.
/// </summary>
public sealed class ElfFormatException : Exception
{
    public ElfFormatException(string message) : base(message) { }
}

/// <summary>
/// Marks one symbol-version requirement (Elf64_Vernaux in .gnu.version_r) as VER_FLG_WEAK.
/// Exists because TorchSharp 0.107.0's libLibTorchSharp.so requires GLIBCXX_3.4.32 only for the unused
/// std::ios_base_library_init, and glibc refuses to load it against Debian 12's libstdc++ (max 3.4.30);
/// a weak requirement lets ld.so load it while every symbol that is actually used still resolves normally.
/// </summary>
public static class ElfVersionPatcher
{
    /// <summary>VER_FLG_WEAK from elf.h.</summary>
    public const ushort VerFlagWeak = 0x2;

    private const uint ShtDynSym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const int ShdrSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;
    private const int SymSize = 24;

    /// <summary>Where distributions put the libstdc++ that ld.so will pick for a plain dlopen.</summary>
    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    /// <summary>Finds the inspected libstdc++: LD_LIBRARY_PATH entries first (as ld.so does), then the usual system paths.</summary>
    public static string? FindSystemLibStdCxx()
    {
        var dirs = new List<string>();
        var ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ldPath))
        {
            foreach (var d in ldPath!.Split(':'))
            {
                if (d.Length > 0)
                {
                    dirs.Add(Path.Combine(d, "libstdc++.so.6"));
                }
            }
        }

        dirs.AddRange(LibStdCxxCandidates);
        foreach (var candidate in dirs)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when the library's bytes contain the version name as a NUL-terminated string (its version definition).</summary>
    public static bool LibraryDefinesVersion(string libraryPath, string versionName)
    {
        var needle = Encoding.ASCII.GetBytes(versionName + "\0");
        var data = File.ReadAllBytes(libraryPath);
        return IndexOf(data, needle) >= 0;
    }

    /// <summary>Patches <paramref name="path"/> in place (temp file + rename); a no-op when already weak.</summary>
    public static ElfPatchResult PatchFile(string path, string versionName)
    {
        var image = File.ReadAllBytes(path);
        var result = Inspect(image, versionName);
        if (result.Outcome != ElfPatchOutcome.Patched)
        {
            return result;
        }

        var flags = ReadU16(image, result.FlagsOffset);
        WriteU16(image, result.FlagsOffset, (ushort)(flags | VerFlagWeak));

        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        var tmp = Path.Combine(dir, "." + Path.GetFileName(full) + ".weakpatch-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        try
        {
            // File.Copy keeps the source's Unix mode bits (the .so is executable); then overwrite the content.
            File.Copy(full, tmp, overwrite: false);
            using (var fs = new FileStream(tmp, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                fs.SetLength(0);
                fs.Write(image, 0, image.Length);
                fs.Flush(true);
            }

            // rename(2) on Unix: readers see either the old or the new inode, never a half-written file,
            // and a hard link to the old inode (e.g. a hardlinked copy in bin/) is left untouched.
            File.Replace(tmp, full, null);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }

        return result;
    }

    /// <summary>
    /// Parses the ELF image and locates the Vernaux entry named <paramref name="versionName"/>.
    /// Outcome is <see cref="ElfPatchOutcome.Patched"/> when it still needs patching (nothing is modified here).
    /// </summary>
    public static ElfPatchResult Inspect(byte[] image, string versionName)
    {
        var none = Array.Empty<string>();
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            return new ElfPatchResult(ElfPatchOutcome.NotApplicable, "not an ELF file", -1, null, none);
        }

        if (image[4] != 2 || image[5] != 1)
        {
            return new ElfPatchResult(ElfPatchOutcome.NotApplicable, $"not ELF64 little-endian (EI_CLASS={image[4]}, EI_DATA={image[5]})", -1, null, none);
        }

        var shoff = ReadU64(image, 0x28);
        var shentsize = ReadU16(image, 0x3A);
        long shnum = ReadU16(image, 0x3C);
        long shstrndx = ReadU16(image, 0x3E);
        if (shoff == 0)
        {
            return new ElfPatchResult(ElfPatchOutcome.NotApplicable, "no section header table", -1, null, none);
        }

        if (shentsize != ShdrSize)
        {
            throw new ElfFormatException($"e_shentsize is {shentsize}, expected {ShdrSize}");
        }

        Require(shoff, ShdrSize, image.Length, "section header 0");
        if (shnum == 0)
        {
            // Extended numbering: the real count lives in section 0's sh_size.
            shnum = (long)ReadU64(image, (long)shoff + 32);
        }

        if (shstrndx == 0xffff)
        {
            shstrndx = ReadU32(image, (long)shoff + 40);
        }

        if (shnum <= 0 || shnum > (image.Length - (long)shoff) / ShdrSize)
        {
            throw new ElfFormatException($"section header table ({shnum} entries at 0x{shoff:x}) does not fit in the file");
        }

        var sections = new Section[shnum];
        for (long i = 0; i < shnum; i++)
        {
            var at = (long)shoff + i * ShdrSize;
            sections[i] = new Section(
                nameOffset: ReadU32(image, at),
                type: ReadU32(image, at + 4),
                offset: ReadU64(image, at + 24),
                size: ReadU64(image, at + 32),
                link: ReadU32(image, at + 40),
                info: ReadU32(image, at + 44));
        }

        if (shstrndx <= 0 || shstrndx >= shnum)
        {
            throw new ElfFormatException($"e_shstrndx {shstrndx} out of range");
        }

        var shstrtab = sections[shstrndx];
        CheckSection(shstrtab, image.Length, "shstrtab");

        var verneedIndex = -1;
        for (var i = 0; i < sections.Length; i++)
        {
            if (sections[i].Type == ShtGnuVerneed)
            {
                if (verneedIndex >= 0)
                {
                    throw new ElfFormatException("more than one SHT_GNU_verneed section");
                }

                verneedIndex = i;
            }
        }

        if (verneedIndex < 0)
        {
            return new ElfPatchResult(ElfPatchOutcome.NotApplicable, "no .gnu.version_r (SHT_GNU_verneed) section", -1, null, none);
        }

        var verneed = sections[verneedIndex];
        CheckSection(verneed, image.Length, ".gnu.version_r");
        var verneedName = ReadString(image, shstrtab, verneed.NameOffset, "section name");
        if (verneedName != ".gnu.version_r")
        {
            throw new ElfFormatException($"SHT_GNU_verneed section is named '{verneedName}', expected '.gnu.version_r'");
        }

        if (verneed.Link == 0 || verneed.Link >= sections.Length)
        {
            throw new ElfFormatException($".gnu.version_r sh_link {verneed.Link} out of range");
        }

        var dynstr = sections[verneed.Link];
        CheckSection(dynstr, image.Length, ".dynstr");

        var sectionStart = (long)verneed.Offset;
        var sectionEnd = sectionStart + (long)verneed.Size;
        long needOffset = sectionStart;
        long flagsOffset = -1;
        ushort versionIndex = 0;
        string? requiredFrom = null;
        var weakAlready = false;
        var entries = verneed.Info; // sh_info = number of Elf64_Verneed entries
        for (uint n = 0; n < entries; n++)
        {
            if (needOffset < sectionStart || needOffset + VerneedSize > sectionEnd)
            {
                throw new ElfFormatException($"Elf64_Verneed #{n} at 0x{needOffset:x} lies outside .gnu.version_r");
            }

            var vnVersion = ReadU16(image, needOffset);
            var vnCnt = ReadU16(image, needOffset + 2);
            var vnFile = ReadU32(image, needOffset + 4);
            var vnAux = ReadU32(image, needOffset + 8);
            var vnNext = ReadU32(image, needOffset + 12);
            if (vnVersion != 1)
            {
                throw new ElfFormatException($"Elf64_Verneed #{n} has vn_version {vnVersion}, expected 1");
            }

            var file = ReadString(image, dynstr, vnFile, "vn_file");
            var auxOffset = needOffset + vnAux;
            for (var a = 0; a < vnCnt; a++)
            {
                if (auxOffset < sectionStart || auxOffset + VernauxSize > sectionEnd)
                {
                    throw new ElfFormatException($"Elf64_Vernaux #{a} of '{file}' at 0x{auxOffset:x} lies outside .gnu.version_r");
                }

                var vnaHash = ReadU32(image, auxOffset);
                var vnaFlags = ReadU16(image, auxOffset + 4);
                var vnaOther = ReadU16(image, auxOffset + 6);
                var vnaName = ReadU32(image, auxOffset + 8);
                var vnaNext = ReadU32(image, auxOffset + 12);
                var name = ReadString(image, dynstr, vnaName, "vna_name");
                if (name == versionName)
                {
                    if (ElfHash(name) != vnaHash)
                    {
                        throw new ElfFormatException($"vna_hash 0x{vnaHash:x8} of {name} does not match its ELF hash 0x{ElfHash(name):x8}");
                    }

                    if (flagsOffset >= 0)
                    {
                        throw new ElfFormatException($"{name} is required more than once");
                    }

                    flagsOffset = auxOffset + 4;
                    versionIndex = vnaOther;
                    requiredFrom = file;
                    weakAlready = (vnaFlags & VerFlagWeak) != 0;
                }

                if (vnaNext == 0)
                {
                    if (a != vnCnt - 1)
                    {
                        throw new ElfFormatException($"Vernaux chain of '{file}' ends after {a + 1} of {vnCnt} entries");
                    }

                    break;
                }

                auxOffset += vnaNext;
            }

            if (vnNext == 0)
            {
                if (n != entries - 1)
                {
                    throw new ElfFormatException($"Verneed chain ends after {n + 1} of {entries} entries");
                }

                break;
            }

            needOffset += vnNext;
        }

        if (flagsOffset < 0)
        {
            return new ElfPatchResult(ElfPatchOutcome.VersionNotRequired, $"{versionName} is not required", -1, null, none);
        }

        var bound = SymbolsBoundTo(image, sections, versionIndex);
        var evidence = $"{versionName} (from {requiredFrom}, version index {versionIndex}) binds {bound.Count} dynamic symbol(s): {string.Join(", ", bound)}";
        return weakAlready
            ? new ElfPatchResult(ElfPatchOutcome.AlreadyPatched, $"already patched: {evidence} is weak", flagsOffset, requiredFrom, bound)
            : new ElfPatchResult(ElfPatchOutcome.Patched, $"marked weak: {evidence}", flagsOffset, requiredFrom, bound);
    }

    /// <summary>The classic SysV ELF hash used for vna_hash.</summary>
    public static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (var c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            var g = h & 0xf0000000;
            if (g != 0)
            {
                h ^= g >> 24;
            }

            h &= ~g;
        }

        return h;
    }

    private static List<string> SymbolsBoundTo(byte[] image, Section[] sections, ushort versionIndex)
    {
        var result = new List<string>();
        var versymIndex = Array.FindIndex(sections, s => s.Type == ShtGnuVersym);
        if (versymIndex < 0)
        {
            return result;
        }

        var versym = sections[versymIndex];
        if (versym.Link == 0 || versym.Link >= sections.Length || sections[versym.Link].Type != ShtDynSym)
        {
            return result;
        }

        var dynsym = sections[versym.Link];
        CheckSection(versym, image.Length, ".gnu.version");
        CheckSection(dynsym, image.Length, ".dynsym");
        if (dynsym.Link == 0 || dynsym.Link >= sections.Length)
        {
            return result;
        }

        var symstr = sections[dynsym.Link];
        CheckSection(symstr, image.Length, ".dynsym strings");
        var count = Math.Min((long)dynsym.Size / SymSize, (long)versym.Size / 2);
        for (long i = 0; i < count; i++)
        {
            var idx = ReadU16(image, (long)versym.Offset + i * 2) & 0x7fff;
            if (idx == versionIndex)
            {
                var nameOffset = ReadU32(image, (long)dynsym.Offset + i * SymSize);
                result.Add(ReadString(image, symstr, nameOffset, "symbol name"));
            }
        }

        return result;
    }

    private static void CheckSection(Section s, long fileLength, string what)
    {
        if (s.Offset > (ulong)fileLength || s.Size > (ulong)fileLength - s.Offset)
        {
            throw new ElfFormatException($"{what} section (offset 0x{s.Offset:x}, size 0x{s.Size:x}) does not fit in the file");
        }
    }

    private static void Require(ulong offset, long length, long fileLength, string what)
    {
        if (offset > (ulong)fileLength || (ulong)length > (ulong)fileLength - offset)
        {
            throw new ElfFormatException($"{what} at 0x{offset:x} does not fit in the file");
        }
    }

    private static string ReadString(byte[] image, Section table, uint offset, string what)
    {
        if (offset >= table.Size)
        {
            throw new ElfFormatException($"{what} offset {offset} is outside its string table (size {table.Size})");
        }

        var start = (long)table.Offset + offset;
        var end = (long)table.Offset + (long)table.Size;
        var p = start;
        while (p < end && image[p] != 0)
        {
            p++;
        }

        if (p == end)
        {
            throw new ElfFormatException($"{what} at 0x{start:x} is not NUL-terminated within its string table");
        }

        return Encoding.ASCII.GetString(image, (int)start, (int)(p - start));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static ushort ReadU16(byte[] b, long at)
    {
        Require((ulong)at, 2, b.Length, "u16");
        return (ushort)(b[at] | (b[at + 1] << 8));
    }

    private static uint ReadU32(byte[] b, long at)
    {
        Require((ulong)at, 4, b.Length, "u32");
        return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
    }

    private static ulong ReadU64(byte[] b, long at) => ReadU32(b, at) | ((ulong)ReadU32(b, at + 4) << 32);

    private static void WriteU16(byte[] b, long at, ushort value)
    {
        Require((ulong)at, 2, b.Length, "u16");
        b[at] = (byte)value;
        b[at + 1] = (byte)(value >> 8);
    }

    private sealed class Section
    {
        public Section(uint nameOffset, uint type, ulong offset, ulong size, uint link, uint info)
        {
            NameOffset = nameOffset;
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
        }

        public uint NameOffset { get; }
        public uint Type { get; }
        public ulong Offset { get; }
        public ulong Size { get; }
        public uint Link { get; }
        public uint Info { get; }
    }
}

#if !SIMCACHE_ELF_PATCHER_NO_TASK
/// <summary>
/// MSBuild face of <see cref="ElfVersionPatcher"/>: patches only when the system libstdc++ lacks the
/// version (so machines with a new enough libstdc++ keep byte-identical package files), logs at high
/// importance instead of warning (warnings are errors in this repo), and fails on a corrupt ELF.
/// </summary>
public sealed class PatchElfWeakVersion : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    [Microsoft.Build.Framework.Required]
    public string VersionName { get; set; } = "";

    /// <summary>libstdc++ to check; empty means LD_LIBRARY_PATH, then the usual system paths.</summary>
    public string SystemLibrary { get; set; } = "";

    /// <summary>Patch even when the system library defines the version.</summary>
    public bool Force { get; set; }

    /// <summary>
    /// Report an unwritable file (e.g. a read-only shared NuGet cache) as a message rather than an error;
    /// used for the package-cache copy, because the bin/ copies are patched on their own afterwards.
    /// </summary>
    public bool TolerateWriteFailures { get; set; }

    [Microsoft.Build.Framework.Output]
    public Microsoft.Build.Framework.ITaskItem[] PatchedFiles { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    public override bool Execute()
    {
        const Microsoft.Build.Framework.MessageImportance High = Microsoft.Build.Framework.MessageImportance.High;
        const Microsoft.Build.Framework.MessageImportance Low = Microsoft.Build.Framework.MessageImportance.Low;
        if (!Force)
        {
            var lib = SystemLibrary.Length > 0 ? SystemLibrary : ElfVersionPatcher.FindSystemLibStdCxx();
            if (lib == null || !File.Exists(lib))
            {
                Log.LogMessage(High, $"SimCache: no system libstdc++.so.6 found; not patching {VersionName} in {Files.Length} file(s).");
                return true;
            }

            if (ElfVersionPatcher.LibraryDefinesVersion(lib, VersionName))
            {
                Log.LogMessage(Low, $"SimCache: {lib} defines {VersionName}; no patch needed.");
                return true;
            }

            Log.LogMessage(Low, $"SimCache: {lib} lacks {VersionName}; checking {Files.Length} file(s).");
        }

        var patched = new List<Microsoft.Build.Framework.ITaskItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Files)
        {
            var path = Path.GetFullPath(item.ItemSpec);
            if (!seen.Add(path) || !File.Exists(path))
            {
                continue;
            }

            try
            {
                var result = ElfVersionPatcher.PatchFile(path, VersionName);
                switch (result.Outcome)
                {
                    case ElfPatchOutcome.Patched:
                        Log.LogMessage(High, $"SimCache: patched {path}: {result.Message}");
                        patched.Add(new Microsoft.Build.Utilities.TaskItem(path));
                        break;
                    case ElfPatchOutcome.AlreadyPatched:
                        Log.LogMessage(Low, $"SimCache: {path}: {result.Message}");
                        break;
                    default:
                        Log.LogMessage(High, $"SimCache: not patching {path}: {result.Message}");
                        break;
                }
            }
            catch (ElfFormatException ex)
            {
                Log.LogError($"SimCache: {path} looks corrupt, refusing to patch it: {ex.Message}");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (TolerateWriteFailures)
                {
                    Log.LogMessage(High, $"SimCache: could not patch {path} (left as is): {ex.Message}");
                }
                else
                {
                    Log.LogError($"SimCache: could not patch {path}: {ex.Message}");
                }
            }
        }

        PatchedFiles = patched.ToArray();
        return !Log.HasLoggedErrors;
    }
}
#endif
