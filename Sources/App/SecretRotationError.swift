import Catalog

/// Why a key rotation stopped before changing anything: stored secrets the current server key
/// cannot open. Says which connection or model owns each, and how to get past it.
public struct SecretRotationError: Error, CustomStringConvertible {
    public struct Unreadable: Sendable {
        public enum Reason: Sendable {
            /// Sealed under the current key, but it does not open: damaged or tampered with.
            case damaged
            /// Sealed under another server key (nil: not in Hangar's sealed format at all).
            case otherKey(String?)
        }

        public let secret: StoredSecret
        public let reason: Reason
    }

    public let unreadable: [Unreadable]
    public let currentKeyID: String
    /// Where the current key comes from: HANGAR_SECRET_KEY or the key file's path.
    public let keySource: String

    public var description: String {
        var lines = [
            "Cannot rotate the server key: \(unreadable.count) stored secret(s) cannot be decrypted with the current key "
                + "\(currentKeyID) (\(keySource)). Nothing was changed."
        ]
        for item in unreadable {
            lines.append("  - \(Self.subject(item.secret)): \(Self.why(item.reason))")
            if case .otherKey(_?) = item.reason { continue }
            // The server starts with the current key, so these commands can run before the rotation.
            lines += Self.fixes(item.secret).map { "      " + $0 }
        }
        lines.append(
            "Either clear each of these and set it again once the rotation is done, or restore the server key that "
                + "sealed them (HANGAR_SECRET_KEY or the data directory's secret-key file) and run `hangar secrets rotate-key` again.")
        return lines.joined(separator: "\n")
    }

    static func subject(_ secret: StoredSecret) -> String {
        switch secret.owner {
        case .connection: "the API key of connection '\(secret.ownerName)' (id \(secret.ownerID))"
        case .model: "the Hugging Face token of model '\(secret.ownerName)' (id \(secret.ownerID))"
        }
    }

    static func why(_ reason: Unreadable.Reason) -> String {
        switch reason {
        case .damaged: "it does not decrypt, so it was damaged or tampered with"
        case .otherKey(let id?): "it was sealed under server key \(id), not the current one"
        case .otherKey(nil): "it is not in Hangar's sealed format"
        }
    }

    /// The exact commands that clear it.
    static func fixes(_ secret: StoredSecret) -> [String] {
        switch secret.owner {
        case .connection:
            [
                "clear it: hangar providers set-key \(secret.ownerID) --clear",
                "      or: PATCH /api/providers/\(secret.ownerID) {\"api_key\": null}",
            ]
        case .model:
            ["clear it: PATCH /api/models/\(secret.ownerID) {\"hf_token\": null}"]
        }
    }
}
