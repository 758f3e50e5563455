package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Destroying a secret must never leave a platform enforced with no secret for it:
// Intercom refuses to enforce identity verification without a secret, and destroy must
// not reach that state sideways.

// platformsLeftUnsigned names the platforms on which identity verification is enforced
// and that only the secret id supports: deleting it would leave them without a secret.
// enforcement is nil when the per-platform setting is not readable (its endpoint is not
// published on this workspace's hosts): then enforcedAnywhere (GET /me) stands for every
// platform, erring towards refusing.
func platformsLeftUnsigned(id string, secrets []intercom.IdentityVerificationSecret,
	enforcement *intercom.IdentityVerificationSettings, enforcedAnywhere bool,
) []string {
	var self *intercom.IdentityVerificationSecret
	for i := range secrets {
		if secrets[i].ID == id {
			self = &secrets[i]
		}
	}
	if self == nil {
		return nil // already gone
	}
	var left []string
	for _, platform := range intercom.Platforms {
		if !self.Supports(platform) {
			continue
		}
		enforced := enforcedAnywhere
		if enforcement != nil {
			enforced = enforcement.EnforcedOn(platform)
		}
		if !enforced {
			continue
		}
		other := false
		for _, s := range secrets {
			if s.ID != id && s.Supports(platform) {
				other = true
			}
		}
		if !other {
			left = append(left, platform)
		}
	}
	return left
}

// checkSecretDeletable reads the secrets and the enforcement as they are now (after
// whatever this run changed before: Terraform updates or destroys what depends on the
// secret first) and says why the secret id must not be deleted, or "" when it may.
func checkSecretDeletable(ctx context.Context, client *intercom.Client, id string) (string, error) {
	secrets, err := client.ListIdentityVerificationSecrets(ctx)
	if err != nil {
		return "", err
	}
	enforcement, err := unlessNotExposed(client.GetIdentityVerification(ctx))
	if err != nil {
		return "", err
	}
	enforcedAnywhere := false
	if enforcement == nil {
		me, err := client.Me(ctx)
		if err != nil {
			return "", err
		}
		enforcedAnywhere = me.App != nil && me.App.IdentityVerification
	}
	left := platformsLeftUnsigned(id, secrets, enforcement, enforcedAnywhere)
	if len(left) == 0 {
		return "", nil
	}
	how := "Turn enforcement off on " + strings.Join(left, ", ") + " in the same run: set those platforms to false on " +
		"intercom_identity_verification, or destroy it with reset_on_destroy = true (set it and apply first). Or keep " +
		"this secret, or create its successor first (create_before_destroy)."
	if enforcement == nil {
		how = "Intercom reports identity verification as enforced (GET /me) and publishes no per-platform setting yet, " +
			"so the provider cannot tell which platforms rely on this secret: turn enforcement off in Intercom's Messenger " +
			"security settings first, or keep this secret, or create its successor first (create_before_destroy)."
	}
	return fmt.Sprintf("Secret %s is the last one that supports %s, where identity verification is enforced: deleting it "+
		"would leave users there with no key to be verified by, a state Intercom itself refuses to enter. Nothing was "+
		"deleted.\n\n%s", id, strings.Join(left, ", "), how), nil
}
