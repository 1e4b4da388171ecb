import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`.
///
/// Not Foundation's `Process`: on Swift 6.3.1 its `run()` crashes now and then (SIGSEGV, an
/// over-read in `findMaximumOpenFromProcSelfFD`, swift-corelibs-foundation#5472), more often the
/// more descriptors are open, which is when the whole suite runs in parallel.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let ending = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    /// Standard input and outputs: a file (read from, or appended to), or a descriptor of ours
    /// (the write end of a pipe, say).
    public enum Stream: Sendable {
        case file(String)
        case descriptor(Int32)
    }

    /// Starts `executable` with `arguments` (not including the program name) and exactly
    /// `environment`. Descriptors other than the three standard ones are not inherited.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
        stdin: Stream = .file("/dev/null"), stdout: Stream = .file("/dev/null"), stderr: Stream = .file("/dev/null")
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream, flags) in [
            (Int32(0), stdin, O_RDONLY), (1, stdout, O_WRONLY | O_CREAT | O_APPEND), (2, stderr, O_WRONLY | O_CREAT | O_APPEND),
        ] {
            switch stream {
            case .file(let path): posix_spawn_file_actions_addopen(&actions, target, path, flags, 0o644)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
        }
        if let directory { _ = try Self.glibcAction("posix_spawn_file_actions_addchdir_np", as: ChdirAction.self)(&actions, directory) }
        _ = try Self.glibcAction("posix_spawn_file_actions_addclosefrom_np", as: ClosefromAction.self)(&actions, 3)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var spawned: pid_t = 0
        let result = posix_spawn(&spawned, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw ChildProcessError(description: "could not start \(executable): \(String(cString: strerror(result)))")
        }
        let pid = spawned
        self.pid = pid
        // waitpid blocks, so it gets a thread of its own rather than one of the cooperative pool.
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            let waiters = ending.withLock { ending in
                ending.status = code
                defer { ending.waiters = [] }
                return ending.waiters
            }
            for waiter in waiters { waiter.resume(returning: code) }
        }
    }

    /// Its exit status once it ended (128 + the signal's number when a signal ended it).
    @discardableResult
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = ending.withLock { ending -> Int32? in
                if ending.status == nil { ending.waiters.append(continuation) }
                return ending.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    public var hasExited: Bool { ending.withLock { $0.status != nil } }

    public func signal(_ signal: Int32) {
        if !hasExited { kill(pid, signal) }
    }

    /// Runs `executable` to its end; returns its status and what it wrote (both outputs).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String? = nil
    ) async throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString.prefix(8)).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let child = try ChildProcess(
            executable, arguments, environment: environment, directory: directory, stdout: .file(output), stderr: .file(output))
        let status = await child.wait()
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    private typealias ChdirAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias ClosefromAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `_np` spawn actions, which Swift's Glibc module does not import.
    private static func glibcAction<F>(_ name: String, as type: F.Type) throws -> F {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            throw ChildProcessError(description: "this C library has no \(name)")
        }
        return unsafeBitCast(symbol, to: type)
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
}
