// Package static holds the console's CSS, JavaScript and images, embedded into the binary.
package static

import "embed"

// FS holds css/, js/ and img/.
//
//go:embed css js img
var FS embed.FS
