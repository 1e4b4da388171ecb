import Foundation
import Secrets
import Testing

@Suite struct SecretBoxTests {
    let box = SecretBox(key: .random())

    @Test func sealsAndOpensUnderItsContext() throws {
        let sealed = try box.seal("sk-live-0123456789", context: "provider:a")
        #expect(sealed.hasPrefix("hangar-secret:v1:\(box.key.id):"))
        #expect(!sealed.contains("sk-live"))
        #expect(try box.open(sealed, context: "provider:a") == "sk-live-0123456789")
        // Fresh nonce each time: the same key never seals to the same text.
        #expect(try box.seal("sk-live-0123456789", context: "provider:a") != sealed)
        #expect(throws: SecretError.unreadable) { try box.open(sealed, context: "provider:b") }
    }

    @Test func everyFlippedByteIsRefused() throws {
        let sealed = try box.seal("secret", context: "c")
        let prefix = "hangar-secret:v1:\(box.key.id):"
        let combined = try #require(Data(base64Encoded: base64(String(sealed.dropFirst(prefix.count)))))
        for index in combined.indices {
            var flipped = combined
            flipped[index] ^= 0x01
            let tampered =
                prefix
                + flipped.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(throws: SecretError.unreadable, "byte \(index)") { try box.open(tampered, context: "c") }
        }
        #expect(throws: SecretError.unreadable) { try box.open(String(sealed.dropLast(4)), context: "c") }
        #expect(throws: SecretError.unreadable) { try box.open("plaintext", context: "c") }
    }

    func base64(_ url: String) -> String {
        let text = url.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return text + String(repeating: "=", count: (4 - text.count % 4) % 4)
    }

    @Test func anotherKeyIsNamed() throws {
        let other = SecretBox(key: .random())
        let sealed = try other.seal("secret", context: "c")
        #expect(throws: SecretError.otherKey(other.key.id)) { try box.open(sealed, context: "c") }
        #expect(SecretBox.keyID(of: sealed) == other.key.id)
    }

    @Test func keysMustBe32Base64Bytes() throws {
        let key = SecretKey.random()
        #expect(try SecretKey(base64: key.base64).id == key.id)
        #expect(try SecretKey(base64: key.base64 + "\n").id == key.id)
        #expect(throws: SecretKeyError.wrongLength(16)) { try SecretKey(base64: Data(count: 16).base64EncodedString()) }
        #expect(throws: SecretKeyError.notBase64) { try SecretKey(base64: "not base64!") }
    }

    @Test func keyFileIsCreatedOnceWithOwnerOnlyMode() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-keys-\(UUID().uuidString)").path
        let store = SecretKeyStore(dataDirectory: directory, environmentKey: nil)
        let (first, source) = try store.load()
        #expect(source == .file(store.keyPath))
        let mode = try FileManager.default.attributesOfItem(atPath: store.keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try store.load().key.id == first.id)
        let fromEnvironment = try SecretKeyStore(dataDirectory: directory, environmentKey: SecretKey.random().base64).load()
        #expect(fromEnvironment.source == .environment && fromEnvironment.key.id != first.id)
        #expect(throws: SecretStartError.self) { try SecretKeyStore(dataDirectory: directory, environmentKey: "short").load() }
    }
}
