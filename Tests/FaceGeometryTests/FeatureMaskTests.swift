import FaceGeometry
import Imaging
import Tensors
import Testing
import TestSupport

/// DFL's eye and mouth masks against the NumPy/OpenCV reference of
/// `Tests/Reference/make_feature_mask_fixtures.py` (DFL's hull, dilate and blur steps).
@Suite struct FeatureMaskTests {
    @Test(arguments: ["s64_0", "s64_1", "s96_0", "s96_1", "s128_0", "s128_1"])
    func masksMatchTheReference(_ name: String) throws {
        let fixture = try ReferenceFixtures.tensors("feature_masks/masks.safetensors")
        let points = try #require(fixture["\(name).landmarks"]).floats()
        let landmarks = stride(from: 0, to: points.count, by: 2).map { SIMD2(points[$0], points[$0 + 1]) }
        for (part, mask) in [("eyes", FeatureMask.eyes), ("mouth", FeatureMask.mouth)] {
            let reference = try #require(fixture["\(name).\(part)"])
            let size = reference.shape[0]
            let ours = mask(size, size, landmarks)
            #expect(ours.channels == 1 && ours.format == .float32)
            // Same OpenCV calls on both sides; the float blur may differ in the last bits.
            let difference = maxAbsDifference(ours.pixels(as: Float.self), reference.floats())
            #expect(difference < 1e-5, "\(name) \(part): \(difference) from the reference")
            #expect(reference.floats().max()! > 0.5, "\(name) \(part): the reference mask is not empty")
        }
    }
}
