import Catalog
import Foundation
import HangarCore
import HangarOpenAPI
import Hummingbird

/// `GET /api/models`, served by hand rather than through the generated handler: encoding 50
/// models with `JSONEncoder` took half of the request's CPU time, so the page is written with
/// `JSONWriter`. Parameters follow openapi.yaml; the typed `HangarAPI.listModels` stays as the
/// reference the tests compare this route against.
struct ModelListRoute {
    static let method = HTTPRequest.Method.get
    static let path = "/api/models"

    let catalog: CatalogService

    func respond(to request: Request) async throws -> Response {
        try Self.checkAccept(request.headers[values: .accept])
        let input = try Self.parse(request.uri.query)
        let query = try ModelListRequest(input).catalogQuery()
        let page = try await catalog.listModels(query)
        let counts = input.counts == true ? try await catalog.modelCounts(query) : nil
        var json = JSONWriter(capacity: 1024 + 1024 * page.items.count)
        json.beginObject()
        json.key("items")
        json.beginArray()
        for model in page.items { model.write(to: &json) }
        json.endArray()
        json.key("total")
        json.number(page.total)
        json.key("limit")
        json.number(query.limit)
        if query.after == nil {
            json.key("offset")
            json.number(query.offset)
        }
        if let next = page.nextCursor {
            json.key("next_cursor")
            json.string(next)
        }
        if let counts {
            json.key("counts")
            json.beginObject()
            for (name, value) in [
                ("local", counts.local), ("deprecated", counts.deprecated), ("custom", counts.custom), ("downloaded", counts.downloaded),
            ] {
                json.key(name)
                json.number(value)
            }
            json.endObject()
        }
        json.endObject()
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    /// Form-style query parameters as the OpenAPI runtime reads them: `+` and `%20` are spaces,
    /// unknown names are ignored, and a value that does not fit its schema type is a 400.
    static func parse(_ rawQuery: String?) throws -> Operations.ListModels.Input.Query {
        var values: [String: String] = [:]
        for pair in (rawQuery ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { throw badEncoding }
            guard let value = decode(parts.count > 1 ? parts[1] : "") else { throw badEncoding }
            guard values[name] == nil else {
                throw HangarError.badRequest(
                    "Give '\(name.prefix(40))' once.", fields: [String(name.prefix(40)): .invalid("Given more than once.")])
            }
            values[name] = value
        }
        func integer(_ name: String) throws -> Int? {
            guard let raw = values[name] else { return nil }
            guard let value = Int(raw) else {
                throw HangarError.badRequest("'\(name)' must be a whole number.", fields: [name: .invalid("Must be a whole number.")])
            }
            return value
        }
        func boolean(_ name: String) throws -> Bool? {
            guard let raw = values[name] else { return nil }
            guard let value = Bool(raw) else {
                throw HangarError.badRequest("'\(name)' must be true or false.", fields: [name: .invalid("Must be true or false.")])
            }
            return value
        }
        func member<E: RawRepresentable>(_ name: String, _: E.Type) throws -> E? where E.RawValue == String {
            guard let raw = values[name] else { return nil }
            guard let value = E(rawValue: raw) else {
                throw HangarError.badRequest(
                    "'\(name)' has no value '\(raw.prefix(40))'; see /openapi.json for the allowed values.",
                    fields: [name: .invalid("Not an allowed value.")])
            }
            return value
        }
        return .init(
            provider: values["provider"], kind: try member("kind", Components.Schemas.ModelKindFilter.self),
            status: try member("status", Components.Schemas.ModelStatus.self), text: values["text"], q: values["q"],
            limit: try integer("limit"), offset: try integer("offset"), cursor: values["cursor"], counts: try boolean("counts"))
    }

    private static func decode(_ raw: Substring) -> String? {
        raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static let badEncoding = HangarError.badRequest("The query string is not valid percent-encoding.")

    /// The route only speaks JSON; a client that refuses it gets the same 400 as elsewhere.
    static func checkAccept(_ accept: [String]) throws {
        let ranges = accept.flatMap { $0.split(separator: ",") }.map {
            $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard ranges.isEmpty || ranges.contains(where: { ["*/*", "application/*", "application/json"].contains($0) }) else {
            throw HangarError.badRequest("This route answers application/json; send Accept: application/json.")
        }
    }
}
