import Foundation
import HTTPTypes
import HangarCore
import Hummingbird

/// The one place that turns errors into HTTP: `HangarError.Kind` picks the status, and the
/// body is always `{"error": {"code", "message", "fields"}}`.
enum ErrorBody {
    static func status(for kind: HangarError.Kind) -> HTTPResponse.Status {
        HTTPResponse.Status(code: kind.statusCode)
    }

    static func response(_ error: HangarError, headers: HTTPFields = [:]) -> Response {
        struct Envelope: Encodable {
            struct Inner: Encodable {
                let code: ErrorCode
                let message: String
                let fields: [String: FieldError]
            }
            let error: Inner
        }
        let envelope = Envelope(error: .init(code: error.code, message: error.message, fields: error.fields))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(envelope)) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        if let seconds = error.retryAfterSeconds { fields[.retryAfter] = String(seconds) }
        return Response(status: status(for: error.kind), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
