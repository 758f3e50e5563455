// Package release holds the test that installs a built release the way users do: from
// a provider mirror, with a real terraform init and tofu init. It has no code of its own;
// make release-check builds the snapshot it installs.
package release
