import Foundation
import PostgresNIO
import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server of one test's own, for tests that stop or restart it (the shared server
/// of HANGAR_TEST_POSTGRES_URL stays up for every other test). Run as the `postgres` user when
/// the tests run as root, since initdb refuses root; on 127.0.0.1, a free port, trust auth.
public final class PrivatePostgres: Sendable {
    /// Where `initdb` and `pg_ctl` are: $HANGAR_PG_BIN (scripts/test exports it), else the newest
    /// /usr/lib/postgresql/*/bin that has both; nil when there is none.
    public static let binDirectory: String? = {
        let fm = FileManager.default
        let usable = { (dir: String) in fm.isExecutableFile(atPath: dir + "/initdb") && fm.isExecutableFile(atPath: dir + "/pg_ctl") }
        if let dir = ProcessInfo.processInfo.environment["HANGAR_PG_BIN"], usable(dir) { return dir }
        let versions = (try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.compactMap(Int.init).sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin" }.first(where: usable)
    }()

    public let port: Int
    let directory: String
    let bin: String

    /// `postgres://postgres@127.0.0.1:<port>/<database>?sslmode=disable`.
    public func url(database: String = "postgres") -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Runs `body` with a fresh, started server; removes it afterwards, whatever happened.
    public static func with<T: Sendable>(_ body: @Sendable (PrivatePostgres) async throws -> T) async throws -> T {
        let server = try await create()
        do {
            try await server.start()
            let result = try await body(server)
            await server.destroy()
            return result
        } catch {
            await server.destroy()
            throw error
        }
    }

    private init(port: Int, directory: String, bin: String) {
        self.port = port
        self.directory = directory
        self.bin = bin
    }

    private static func create() async throws -> PrivatePostgres {
        guard let bin = binDirectory else {
            throw TestSetupError(description: "no PostgreSQL server binaries (initdb, pg_ctl); install postgresql or set HANGAR_PG_BIN")
        }
        // Under /tmp, which the postgres user can reach (the runner's TMPDIR may not be).
        let directory = "/tmp/hangar-private-pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory + "/sock", withIntermediateDirectories: true)
        let server = PrivatePostgres(port: try freePort(), directory: directory, bin: bin)
        if getuid() == 0, let user = getpwnam("postgres") {
            for path in [directory, directory + "/sock"] { chown(path, user.pointee.pw_uid, user.pointee.pw_gid) }
        }
        try await server.pg(
            "initdb", ["-D", directory + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
        return server
    }

    public func start() async throws {
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory)/sock -c fsync=off -c synchronous_commit=off"
        try await pg("pg_ctl", ["-D", directory + "/data", "-l", directory + "/postgres.log", "-w", "-t", "60", "-o", options, "start"])
    }

    /// A fast shutdown: sessions are ended and the server stops, as an administrator's restart does.
    public func stop() async throws {
        try await pg("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "stop"])
    }

    public func createDatabase(_ name: String) async throws -> String {
        let client = PostgresClient(configuration: try PostgresURL.configuration(from: url()), backgroundLogger: TestDatabases.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: TestDatabases.logger)
        }
        return url(database: name)
    }

    /// Stops the server at once if it runs, and removes its files.
    public func destroy() async {
        _ = try? await pg("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "-t", "30", "stop"], allowFailure: true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    public var log: String { (try? String(contentsOfFile: directory + "/postgres.log", encoding: .utf8)) ?? "" }

    private func pg(_ tool: String, _ arguments: [String], allowFailure: Bool = false) async throws {
        let command = bin + "/" + tool
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        let (status, output) =
            getuid() == 0
            ? try await ChildProcess.run(
                Self.runuser, ["-u", "postgres", "--", command] + arguments, environment: environment, directory: directory)
            : try await ChildProcess.run(command, arguments, environment: environment, directory: directory)
        if status != 0 && !allowFailure {
            throw TestSetupError(
                description: "\(tool) \(arguments.joined(separator: " ")) exited \(status): \(output.suffix(2000))\n\(log.suffix(2000))")
        }
    }

    private static let runuser =
        ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/runuser"

    /// A port nothing is bound to right now, below the kernel's ephemeral range (32768 and up
    /// here): a port from that range can be taken, between this check and PostgreSQL's bind or
    /// during a restart, by any parallel test's outgoing connection or port-0 listener.
    private static func freePort() throws -> Int {
        for _ in 0..<200 {
            guard let (descriptor, port) = try? boundLoopbackSocket(port: Int.random(in: 20000..<32000)) else { continue }
            close(descriptor)
            return port
        }
        throw TestSetupError(description: "no free port between 20000 and 32000 for a private PostgreSQL")
    }
}
