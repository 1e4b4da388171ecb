import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a Hub file lives on disk: `<models>/<owner>/<name>/<revision>/<file path>`.
/// Every path handed out stays inside the models directory, lexically and through any symbolic
/// link that already exists on the way.
public enum ModelPaths {
    /// Throws `DownloadError` with `.invalidReference` for a name that is not acceptable, and with
    /// `.filesystem` when the models directory is unusable or a link on the way leads outside it.
    public static func localPath(modelsDirectory: String, file: HubFileReference) throws -> String {
        try file.validate()
        let root = try standardizedRoot(modelsDirectory)
        let components =
            file.repo.split(separator: "/").map(String.init) + [revisionDirectory(file.revision)]
            + file.file.split(separator: "/").map(String.init)
        let path = (root == "/" ? "" : root) + "/" + components.joined(separator: "/")
        guard standardized(path) == path, path.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw DownloadError(.filesystem, "The model path would leave the models directory.")
        }
        try checkLinks(root: root, components: components)
        return path
    }

    /// One directory per revision, without collisions: `/` and anything but `[A-Za-z0-9._~-]` is
    /// percent-encoded, so `refs/pr/1` becomes `refs%2Fpr%2F1`.
    static func revisionDirectory(_ revision: String) -> String {
        HubURL.percentEncoded(revision)
    }

    private static func standardizedRoot(_ directory: String) throws -> String {
        let trimmed = directory.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.utf8.contains(0) else {
            throw DownloadError(.filesystem, "The models directory is not set; configure it before downloading.")
        }
        let absolute =
            trimmed.hasPrefix("/")
            ? trimmed : FileManager.default.currentDirectoryPath + "/" + trimmed
        return standardized(absolute)
    }

    /// Removes `.`, `..` and repeated or trailing slashes without touching the disk.
    static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Walks from the root down and resolves every symbolic link met on the way (the `.part`
    /// file included); each must land inside the root as it resolves itself.
    private static func checkLinks(root: String, components: [String]) throws {
        let realRoot = realPath(root) ?? root
        let inside = realRoot == "/" ? "/" : realRoot + "/"
        var current = root == "/" ? "" : root
        var candidates: [String] = []
        for component in components {
            current += "/" + component
            candidates.append(current)
        }
        candidates.append(current + ".part")
        for candidate in candidates {
            var info = stat()
            guard lstat(candidate, &info) == 0 else {
                if errno == ENOENT { continue }
                throw DownloadError(.filesystem, "Could not inspect \(candidate): \(String(cString: strerror(errno))).")
            }
            guard (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFLNK) else { continue }
            guard let target = realPath(candidate), target == realRoot || target.hasPrefix(inside) else {
                throw DownloadError(
                    .filesystem, "\(candidate) is a symbolic link that leads outside the models directory; remove it.")
            }
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
