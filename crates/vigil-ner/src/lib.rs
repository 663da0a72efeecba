//! Vigil's learned entity tagger. (Being written.)
