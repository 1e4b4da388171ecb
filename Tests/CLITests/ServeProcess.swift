import AsyncHTTPClient
import Foundation
import HangarTesting
import NIOCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real `hangar serve` process, for what only a process can show: `kill -9`, and several
/// replicas sharing one PostgreSQL database.
final class ServeProcess: Sendable {
    let url: String
    let dataDirectory: String
    private let process: ChildProcess
    private let output: String

    private init(url: String, dataDirectory: String, process: ChildProcess, output: String) {
        self.url = url
        self.dataDirectory = dataDirectory
        self.process = process
        self.output = output
    }

    /// Starts the server on a free port and returns once it prints its URL.
    /// `openFiles` caps the file descriptors the server may hold (`ulimit -n`).
    static func start(
        dataDirectory: String, databaseURL: String? = nil, hubEndpoint: String, extra: [String: String] = [:],
        openFiles: Int? = nil
    ) async throws -> ServeProcess {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HANGAR_") && $0.key != "DATABASE_URL" }
        environment["HANGAR_ADMIN_TOKEN"] = CLIFixture.token
        environment["HANGAR_DATA_DIR"] = dataDirectory
        environment["HANGAR_PORT"] = "0"
        environment["HANGAR_LOG_LEVEL"] = "warning"
        environment["HANGAR_HF_ENDPOINT"] = hubEndpoint
        if let databaseURL { environment["DATABASE_URL"] = databaseURL }
        environment.merge(extra) { _, new in new }
        let logPath = dataDirectory + "/serve-\(UUID().uuidString.prefix(6)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let pipe = Pipe()
        // A file limit needs a shell to set it before the server starts.
        var command = (CLIFixture.binary.path, ["serve"])
        if let openFiles { command = ("/bin/sh", ["-c", "ulimit -n \(openFiles) && exec \"$0\" serve", CLIFixture.binary.path]) }
        let process = try ChildProcess(
            command.0, command.1, environment: environment, directory: dataDirectory,
            stdout: .descriptor(pipe.fileHandleForWriting.fileDescriptor), stderr: .file(logPath))
        // The child has its copy; ours would keep the pipe open after the child ends.
        try pipe.fileHandleForWriting.close()
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let buffer = Mutex("")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
                return
            }
            let text = buffer.withLock { buffer in
                buffer += String(decoding: data, as: UTF8.self)
                return buffer
            }
            continuation.yield(text)
        }
        for await text in lines {
            if let range = text.range(of: "Hangar is running at ") {
                let url = text[range.upperBound...].prefix { !$0.isWhitespace }
                return ServeProcess(url: String(url), dataDirectory: dataDirectory, process: process, output: logPath)
            }
        }
        let status = await process.wait()
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw CLIFixture.Failure(description: "hangar serve exited (\(status)) before listening:\n\(log.suffix(2000))")
    }

    /// SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
    func kill9() async {
        process.signal(SIGKILL)
        await process.wait()
    }

    func stop() async {
        process.signal(SIGTERM)
        await process.wait()
    }

    deinit {
        // A test that failed half-way must not leave a server running.
        process.signal(SIGKILL)
    }

    var pid: pid_t { process.pid }

    var log: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
}
