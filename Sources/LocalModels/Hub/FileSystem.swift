import Crypto
import Foundation
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX calls the downloader needs, with errors worded for the user.
enum FileSystem {
    /// Large enough to keep syscalls rare, small enough to stay off the memory graphs.
    static let hashChunk = 1 << 20

    static func error(_ code: CInt, doing action: String, _ path: String) -> DownloadError {
        if code == ENOSPC || code == EDQUOT {
            return DownloadError(.diskFull, "The disk holding \(path) is full; free some space and start the download again.")
        }
        return DownloadError(.filesystem, "Could not \(action) \(path): \(String(cString: strerror(code))).")
    }

    static func writeError(_ code: CInt, path: String) -> DownloadError {
        error(code, doing: "write", path)
    }

    /// Wrappers so that types with their own `open`/`close` members can reach the POSIX calls.
    static func openDescriptor(_ path: String, _ flags: CInt, mode: mode_t = 0o644) -> CInt {
        open(path, flags, mode)
    }

    static func closeDescriptor(_ descriptor: CInt) {
        close(descriptor)
    }

    static func createParentDirectories(of path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw DownloadError(.filesystem, "Could not create the directory \(parent); check that Hangar may write there.")
        }
    }

    /// Bytes an unprivileged writer may still use on the file system holding `directory`.
    static func availableBytes(inDirectoryOf path: String) -> Int64? {
        var info = statvfs()
        guard statvfs((path as NSString).deletingLastPathComponent, &info) == 0 else { return nil }
        let (product, overflow) = UInt64(info.f_bavail).multipliedReportingOverflow(by: UInt64(info.f_frsize))
        return overflow || product > UInt64(Int64.max) ? Int64.max : Int64(product)
    }

    /// Fills as much of `buffer` as the file has from `offset`; 0 means end of file.
    static func readFully(_ descriptor: CInt, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String)
        throws -> Int
    {
        var filled = 0
        while filled < buffer.count {
            let result = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset) + off_t(filled))
            if result < 0 {
                if errno == EINTR { continue }
                throw error(errno, doing: "read", path)
            }
            if result == 0 { break }
            filled += result
        }
        return filled
    }

    /// A regular file's size, or nil when there is none (or something else) at `path`.
    static func regularFileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else { return nil }
        return Int64(info.st_size)
    }

    /// Hashes a whole file off the cooperative pool, a chunk at a time.
    static func sha256(ofFileAt path: String) async throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(errno, doing: "open", path) }
        defer { close(descriptor) }
        var hasher = SHA256()
        var offset: Int64 = 0
        while true {
            try Task.checkCancellation()
            let (read, updated) = try await NIOThreadPool.singleton.runIfActive { [hasher, offset] in
                var copy = hasher
                let read = try withUnsafeTemporaryAllocation(byteCount: hashChunk, alignment: 16) { buffer in
                    let read = try readFully(descriptor, into: buffer, at: offset, path: path)
                    copy.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<read]))
                    return read
                }
                return (read, copy)
            }
            hasher = updated
            if read == 0 { return hasher.finalize().hexString }
            offset += Int64(read)
        }
    }

    /// Persists a rename. Best effort: some file systems refuse fsync on directories, and the
    /// file itself is already durable by then.
    static func syncDirectory(containing path: String) {
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return }
        fsync(directory)
        close(directory)
    }
}
