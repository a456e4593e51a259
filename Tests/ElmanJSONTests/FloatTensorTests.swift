import ElmanJSON
import Testing

/// `JSONValue.tensor`: a float32 array held flat that means, compares as, and is written as its nested list.
@Suite struct FloatTensorTests {
    let matrix = FloatTensor(shape: [2, 3], values: [0.1, -2, 3.5e-8, 4, 1e30, -0])
    var nested: JSONValue {
        .array([.array([.float(0.1), .float(-2), .float(3.5e-8)]), .array([.float(4), .float(1e30), .float(-0)])])
    }

    @Test func isWrittenAsTheNestedListByteForByte() {
        #expect(JSONWriter.write(.tensor(matrix)) == JSONWriter.write(nested))
        let tie: Float = 7.038531e-26
        #expect(JSONWriter.string(.floats([0.1, tie])) == JSONWriter.string([.float(0.1), .float(tie)]))
        #expect(JSONWriter.string(.tensor(FloatTensor(shape: [2, 0], values: []))) == "[[],[]]")
        #expect(JSONWriter.string(.tensor(FloatTensor(shape: [0, 4], values: []))) == "[]")
    }

    @Test func equalsTheNestedListItMeans() {
        #expect(JSONValue.tensor(matrix) == nested && nested == .tensor(matrix))
        #expect(JSONValue.tensor(matrix) != .tensor(FloatTensor(shape: [6], values: matrix.values)))
        #expect(JSONValue.tensor(matrix) != .tensor(FloatTensor(shape: [3, 2], values: matrix.values)))
        #expect(JSONValue.floats([1, 2]) == [1, 2])
    }

    @Test func answersAsAnArrayAlongItsFirstAxis() {
        let rows = JSONValue.tensor(matrix).arrayValue
        #expect(rows?.count == 2 && JSONValue.tensor(matrix).count == 2)
        #expect(rows?[1] == .tensor(FloatTensor([4, 1e30, 0])))
        #expect(JSONValue.floats([5, 6]).arrayValue == [.float(5), .float(6)])
        #expect(matrix.nested == nested)
    }

    @Test func namesAFlatPositionByItsIndexInEveryDimension() {
        #expect(matrix.indexPath(ofFlat: 4) == "[1][1]")
        #expect(FloatTensor([1, 2, 3]).indexPath(ofFlat: 2) == "[2]")
        let cube = FloatTensor(shape: [2, 2, 2], values: Array(repeating: 0, count: 8))
        #expect(cube.indexPath(ofFlat: 5) == "[1][0][1]")
    }

    @Test func stacksPartsOfOneShapeAlongANewAxis() {
        let stacked = FloatTensor(stacking: [FloatTensor([1, 2]), FloatTensor([3, 4])])
        #expect(stacked.shape == [2, 2] && stacked.values == [1, 2, 3, 4])
        #expect(FloatTensor(rows: [[1, 2], [3, 4]], width: 2) == stacked)
    }
}
