using GirAgent.Httpd;
using GirAgent.Posix;
using GirAgent.Text;
namespace GirAgent.Tenants;

internal enum FileChangeKind
{
    Unchanged,
    Added,
    Changed,
    /// <summary>A file render wrote earlier (it carries the marker) whose tenant is gone.</summary>
    Removed,
}

/// <summary>What rendering would do to one file of the target directory.</summary>
internal sealed record FileChange(string Name, FileChangeKind Kind, string? OldContent, string? NewContent)
{
    public string Diff(string directory) =>
        UnifiedDiff.Create(OldContent, NewContent, Path.Combine(directory, Name), Path.Combine(directory, Name));
}

/// <summary>The difference between rendered files and a directory's contents. Made by <see cref="Create"/>; applied by <see cref="Apply"/>.</summary>
internal sealed record RenderPlan(string Directory, IReadOnlyList<RenderedFile> Files, IReadOnlyList<FileChange> Changes)
{
    /// <summary>Hand-written <c>loadbalancer_*.conf</c> files (no marker) that are not rendered: left alone, reported.</summary>
    public IReadOnlyList<string> Foreign { get; init; } = [];

    public bool HasChanges => Changes.Any(c => c.Kind != FileChangeKind.Unchanged);

    public IReadOnlyList<string> RemovedNames => [.. Changes.Where(c => c.Kind == FileChangeKind.Removed).Select(c => c.Name)];

    public static RenderPlan Create(string directory, IReadOnlyList<RenderedFile> files)
    {
        var changes = new List<FileChange>();
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Name);
            var old = File.Exists(path) ? File.ReadAllText(path) : null;
            var kind = old is null ? FileChangeKind.Added : old == file.Content ? FileChangeKind.Unchanged : FileChangeKind.Changed;
            changes.Add(new FileChange(file.Name, kind, old, file.Content));
        }
        var foreign = new List<string>();
        if (System.IO.Directory.Exists(directory))
        {
            var names = files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var path in System.IO.Directory.GetFiles(directory, "loadbalancer_*.conf").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (names.Contains(name)) continue;
                var text = File.ReadAllText(path);
                if (text.StartsWith(TenantsRenderer.Marker, StringComparison.Ordinal))
                    changes.Add(new FileChange(name, FileChangeKind.Removed, text, null));
                else
                    foreign.Add(name);
            }
        }
        return new RenderPlan(directory, files, changes) { Foreign = foreign };
    }

    /// <summary>Writes what changed (atomically, mode 0644) and removes what is gone; unchanged files are not touched.</summary>
    public void Apply()
    {
        System.IO.Directory.CreateDirectory(Directory);
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var change in Changes)
        {
            var path = Path.Combine(Directory, change.Name);
            switch (change.Kind)
            {
                case FileChangeKind.Added or FileChangeKind.Changed:
                    FileSync.WriteAtomic(path, change.NewContent!, mode);
                    break;
                case FileChangeKind.Removed:
                    FileSync.Delete(path);
                    break;
            }
        }
    }
}
