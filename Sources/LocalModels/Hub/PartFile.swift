import Crypto
import HangarCore
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `.part` file together with the SHA-256 of everything in it, so that resuming and
/// retrying never need to read the file again. One download owns it; the lock only makes it
/// safe to hand to the task that streams the body.
final class PartFile: Sendable {
    let path: String
    private let state: Mutex<State>

    private struct State {
        var descriptor: CInt
        var hasher = SHA256()
        var size: Int64 = 0
    }

    private init(path: String, descriptor: CInt) {
        self.path = path
        self.state = Mutex(State(descriptor: descriptor))
    }

    /// Opens (or creates) the file and hashes what it already holds, in bounded chunks off the
    /// cooperative pool, checking for cancellation between chunks.
    static func open(path: String) async throws -> PartFile {
        let descriptor = FileSystem.openDescriptor(path, O_RDWR | O_CREAT | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystem.error(errno, doing: "open", path) }
        // Two runs appending to one part would interleave their bytes; the lock is released by
        // closing, also when the process dies.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            FileSystem.closeDescriptor(descriptor)
            if code == EWOULDBLOCK {
                throw DownloadError(.filesystem, "Another download is writing \(path) right now; wait for it to end.")
            }
            throw FileSystem.error(code, doing: "lock", path)
        }
        let part = PartFile(path: path, descriptor: descriptor)
        do {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { throw FileSystem.error(errno, doing: "inspect", path) }
            let existing = Int64(info.st_size)
            while part.size < existing {
                try Task.checkCancellation()
                let count = Int(min(existing - part.size, Int64(FileSystem.hashChunk)))
                try await NIOThreadPool.singleton.runIfActive { try part.absorbExisting(count: count) }
            }
            return part
        } catch {
            part.close()
            throw error
        }
    }

    var size: Int64 { state.withLock { $0.size } }

    /// Lowercase hex SHA-256 of the bytes written so far.
    var sha256: String { state.withLock { $0.hasher.finalize().hexString } }

    private func absorbExisting(count: Int) throws {
        try state.withLock { state in
            try withUnsafeTemporaryAllocation(byteCount: count, alignment: 16) { buffer in
                let read = try FileSystem.readFully(state.descriptor, into: buffer, at: state.size, path: path)
                guard read > 0 else { throw DownloadError(.filesystem, "\(path) shrank while it was being read.") }
                state.hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<read]))
                state.size += Int64(read)
            }
        }
    }

    /// Writes at the end and hashes exactly what reached the file.
    func append(_ chunk: ByteBuffer) throws {
        try chunk.withUnsafeReadableBytes { bytes in
            try state.withLock { state in
                var written = 0
                while written < bytes.count {
                    let result = pwrite(
                        state.descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(state.size))
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw FileSystem.writeError(errno, path: path)
                    }
                    state.hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[written..<written + result]))
                    written += result
                    state.size += Int64(result)
                }
            }
        }
    }

    /// Empties the file to start over from byte 0.
    func reset() throws {
        try state.withLock { state in
            guard ftruncate(state.descriptor, 0) == 0 else { throw FileSystem.error(errno, doing: "truncate", path) }
            state.hasher = SHA256()
            state.size = 0
        }
    }

    /// Makes the bytes durable, then gives them their final name and makes the name durable:
    /// after a crash the destination is either absent or complete.
    func commit(to destination: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            try self.state.withLock { state in
                guard fsync(state.descriptor) == 0 else { throw FileSystem.error(errno, doing: "flush", self.path) }
                FileSystem.closeDescriptor(state.descriptor)
                state.descriptor = -1
            }
            guard rename(self.path, destination) == 0 else {
                throw FileSystem.error(errno, doing: "rename", self.path)
            }
            FileSystem.syncDirectory(containing: destination)
        }
    }

    func close() {
        state.withLock { state in
            if state.descriptor >= 0 { FileSystem.closeDescriptor(state.descriptor) }
            state.descriptor = -1
        }
    }

    /// For a part that can only be wrong (corrupt, oversized) or that must not stay (disk full).
    func remove() {
        close()
        unlink(path)
    }
}

extension SHA256.Digest {
    var hexString: String { Hex.lowercase(self) }
}
