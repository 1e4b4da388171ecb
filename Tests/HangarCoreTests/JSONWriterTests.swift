import Foundation
import HangarCore
import Testing

/// The list page is written by `JSONWriter`; it must parse to what `JSONEncoder` makes of the
/// same model, including awkward strings and numbers.
@Suite struct JSONWriterTests {
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / and </script>", "line\nbreak\r\ttab",
        "controls \u{0}\u{1}\u{1F}\u{7F}", "accents éàü", "emoji 🛩️", "separators \u{2028}\u{2029}",
        "<img src=x onerror=alert(1)>",
    ]

    static func model(_ text: String, full: Bool) -> CatalogModel {
        var model = CatalogModel(
            id: "id-\(text)", providerID: "p-\(text)", providerKind: .local, kind: full ? .local : .hosted, name: text,
            apiName: "api \(text)", contextWindow: 2_000_000, maxOutputTokens: 256, temperatureDefault: full ? 0.1 : 2,
            isBuiltin: full, isDefault: !full, status: full ? .deprecated : .active,
            createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-11-26T00:00:00.123Z")
        if full {
            model.replacementModelID = text
            model.costInputPerMillion = 0.000001
            model.costOutputPerMillion = 123456.789012
            model.lastUsedAt = "2026-02-03T04:05:06.007Z"
            model.hfRepo = "org/\(text)"
            model.hfRevision = "main"
            model.modelFile = "\(text).gguf"
            model.downloadStatus = .downloaded
            model.downloaded = true
            model.downloadedAt = "2026-02-03T04:05:06.007Z"
            model.localPath = "/data/models/\(text)"
            model.fileSizeBytes = Int64.max
            model.checksum = String(repeating: "ab", count: 32)
            model.gguf = GGUFMetadata(architecture: text, parameterCount: 751_632_384, quantization: "Q4_0", contextLength: nil)
            model.hfTokenConfigured = true
            model.downloadError = "failed: \(text)"
        }
        return model
    }

    func parsed(_ data: some Sequence<UInt8>) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(data)) as? NSDictionary)
    }

    @Test(arguments: awkward, [false, true])
    func writerMatchesEncoder(text: String, full: Bool) throws {
        let model = Self.model(text, full: full)
        var writer = JSONWriter()
        model.write(to: &writer)
        let written = try parsed(writer.bytes)
        let encoded = try parsed(JSONEncoder().encode(model))
        #expect(written == encoded)
        #expect(written.count == WireFormatTests.modelKeys.count)
    }

    @Test func writesContainersAndScalars() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("list")
        writer.beginArray()
        writer.number(-1)
        writer.number(2.5)
        writer.number(1e300)
        writer.bool(false)
        writer.null()
        writer.beginObject()
        writer.endObject()
        writer.endArray()
        writer.key("after")
        writer.string("x")
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"list":[-1,2.5,1e+300,false,null,{}],"after":"x"}"#)
    }
}
