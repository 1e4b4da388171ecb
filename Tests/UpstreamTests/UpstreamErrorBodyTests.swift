import Testing
import Upstream

@Suite struct UpstreamErrorBodyTests {
    func read(_ json: String) -> UpstreamErrorBody? {
        UpstreamErrorBody(Array(json.utf8))
    }

    @Test func eachProvidersShapeGivesItsMessage() {
        let openAI = read(#"{"error":{"message":"Invalid URL","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#)
        #expect(openAI?.message == "Invalid URL" && openAI?.code == "model_not_found")
        let azure = read(#"{"error":{"code":"DeploymentNotFound","message":"The API deployment does not exist."}}"#)
        #expect(azure?.message == "The API deployment does not exist." && azure?.code == "DeploymentNotFound")
        #expect(read(#"{"error":"model \"x\" not found, try pulling it first"}"#)?.message == #"model "x" not found, try pulling it first"#)
        let mistral = read(#"{"object":"error","message":"Unauthorized","type":"invalid_request_error","code":"1000"}"#)
        #expect(mistral?.message == "Unauthorized" && mistral?.code == nil)
        #expect(read(#"{"detail":"Not Found"}"#)?.message == "Not Found")
    }

    @Test func validationDetailsAreJoinedWithTheirFields() {
        let mistral = read(
            #"{"object":"error","message":{"detail":[{"type":"missing","loc":["body","model"],"msg":"Field required"},{"loc":["body","max_tokens"],"msg":"Input should be a valid integer"}]}}"#
        )
        #expect(mistral?.message == "body.model: Field required; body.max_tokens: Input should be a valid integer")
    }

    @Test func numericCodesRepeatTheStatusAndAreDropped() {
        #expect(read(#"{"error":{"code":"429","message":"Rate limit"}}"#)?.code == nil)
        #expect(read(#"{"error":{"code":429,"message":"Rate limit"}}"#)?.code == nil)
    }

    @Test func blankOrMissingMessagesAreNil() {
        #expect(read(#"{"error":{"message":"  "}}"#)?.message == nil)
        #expect(read(#"{"status":"down"}"#)?.message == nil)
        #expect(read("<html>502 Bad Gateway</html>") == nil)
        #expect(read(#"["not","an","object"]"#) == nil)
    }
}
