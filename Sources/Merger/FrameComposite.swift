import Imaging

/// DFL's `MergeMasked` (reference §8.2 step 11): a frame's merged faces composited in alignment
/// order — the first face's result, then each next one blended in through its mask, the masks
/// added — and converted to bytes by truncation, as DFL's `astype(uint8)` does.
public enum FrameComposite {
    /// The merged frame (uint8 BGR) and merged mask (uint8, one channel) of `frame` (uint8 BGR)
    /// with `faces`; a frame without faces comes back unchanged with an all-zero mask, and
    /// `raw-predict` faces give their square instead of the frame.
    public static func composite(frame: Image, faces: [MergedFace]) -> (image: Image, mask: Image) {
        guard let first = faces.first else {
            return (frame, Image(width: frame.width, height: frame.height, channels: 1, format: .uint8))
        }
        if first.replacesFrame {
            var image = first.image, mask = first.mask
            for face in faces.dropFirst() where face.replacesFrame && face.image.width == image.width {
                image = image.blended(with: face.image, mask: face.mask)
                mask = mask.combining(face.mask) { min(max($0 + $1, 0), 1) }
            }
            return (FaceMerger.truncatedToBytes(image), FaceMerger.truncatedToBytes(mask))
        }
        let union = faces.dropFirst().reduce(first.region) { $0.union($1.region) }
        var image = union.crop(frame).converted(to: .float32)
        var mask = Image(width: union.width, height: union.height, channels: 1, format: .float32)
        for (index, face) in faces.enumerated() {
            let local = PixelRegion(x: face.region.x - union.x, y: face.region.y - union.y, width: face.region.width, height: face.region.height)
            let (blendedImage, blendedMask): (Image, Image)
            if index == 0 {
                (blendedImage, blendedMask) = (face.image, face.mask)
            } else {
                blendedImage = local.crop(image).blended(with: face.image, mask: face.mask)
                blendedMask = local.crop(mask).combining(face.mask) { min(max($0 + $1, 0), 1) }
            }
            image.paste(blendedImage, at: local)
            mask.paste(blendedMask, at: local)
        }
        var merged = frame
        merged.paste(FaceMerger.truncatedToBytes(image), at: union)
        var mergedMask = Image(width: frame.width, height: frame.height, channels: 1, format: .uint8)
        mergedMask.paste(FaceMerger.truncatedToBytes(mask), at: union)
        return (merged, mergedMask)
    }
}

extension Image {
    /// Copies `patch` into `region`.
    mutating func paste(_ patch: Image, at region: PixelRegion) {
        precondition(patch.width == region.width && patch.height == region.height, "paste: the patch must fill the region")
        paste(patch, x: region.x, y: region.y)
    }
}
