// Package themes embeds the built-in themes, so the charter binary needs
// no files beside it. A site's own themes/<name>/ folder wins over these
// file by file (see generator/render).
package themes

import "embed"

// Builtin holds each built-in theme under its name, e.g. "default/templates/baseof.html".
//
//go:embed default
var Builtin embed.FS
