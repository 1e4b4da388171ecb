import Foundation

/// The admin token: HANGAR_ADMIN_TOKEN when set, else `<data dir>/admin-token`, created
/// with mode 0600 on first start.
public struct AdminToken: Sendable {
    public let value: String
    /// True when this start created the token file, so it is printed exactly once.
    public let created: Bool
    public let source: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func fileURL(dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("admin-token")
    }

    public static func resolve(configuration: HangarConfiguration) throws -> AdminToken {
        if let token = configuration.adminToken {
            return AdminToken(value: token, created: false, source: "HANGAR_ADMIN_TOKEN")
        }
        let url = fileURL(dataDirectory: configuration.dataDirectory)
        if let existing = try? String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !existing.isEmpty {
            return AdminToken(value: existing, created: false, source: url.path)
        }
        do {
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw Failure(
                description:
                    "Cannot create the data directory \(configuration.dataDirectory): check its permissions or set HANGAR_DATA_DIR.")
        }
        let token = generate()
        // O_EXCL: if another process created the file meanwhile, use its token instead.
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST,
                let existing = try? String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                !existing.isEmpty
            {
                return AdminToken(value: existing, created: false, source: url.path)
            }
            throw Failure(description: "Cannot write \(url.path): check the data directory's permissions or set HANGAR_ADMIN_TOKEN.")
        }
        defer { close(fd) }
        let bytes = Array((token + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw Failure(description: "Cannot write \(url.path): is the disk full?")
        }
        return AdminToken(value: token, created: true, source: url.path)
    }

    /// 32 random bytes, hex-encoded.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
