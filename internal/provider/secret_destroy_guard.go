package provider

import (
	"context"
	"fmt"
	"slices"
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
	left, enforcement, err := enforcedPlatformsUnsigned(ctx, client, id)
	if err != nil || len(left) == 0 {
		return "", err
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

// readSecretsAndEnforcement reads the secrets and where identity verification is
// enforced: per platform (nil where the hosts do not serve it), else GET /me's answer.
func readSecretsAndEnforcement(ctx context.Context, client *intercom.Client) ([]intercom.IdentityVerificationSecret, *intercom.IdentityVerificationSettings, bool, error) {
	secrets, err := client.ListIdentityVerificationSecrets(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	enforcement, err := unlessNotExposed(client.GetIdentityVerification(ctx))
	if err != nil || enforcement != nil {
		return secrets, enforcement, false, err
	}
	me, err := client.Me(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	return secrets, nil, me.App != nil && me.App.IdentityVerification, nil
}

// enforcedPlatformsUnsigned lists the enforced platforms that no secret but id supports.
func enforcedPlatformsUnsigned(ctx context.Context, client *intercom.Client, id string) ([]string, *intercom.IdentityVerificationSettings, error) {
	secrets, enforcement, enforcedAnywhere, err := readSecretsAndEnforcement(ctx, client)
	if err != nil {
		return nil, nil, err
	}
	return platformsLeftUnsigned(id, secrets, enforcement, enforcedAnywhere), enforcement, nil
}

// enforcedWithoutSecret lists the platforms where identity verification is enforced and
// no secret is left. Without per-platform settings, GET /me's "on" with no secret at all
// names "every platform GET /me covers"; with a secret left, nothing can be said.
func enforcedWithoutSecret(secrets []intercom.IdentityVerificationSecret, enforcement *intercom.IdentityVerificationSettings, enforcedAnywhere bool) []string {
	if enforcement == nil {
		if enforcedAnywhere && len(secrets) == 0 {
			return []string{"every platform GET /me reports enforced"}
		}
		return nil
	}
	var left []string
	for _, platform := range intercom.Platforms {
		if enforcement.EnforcedOn(platform) && !slices.ContainsFunc(secrets, func(s intercom.IdentityVerificationSecret) bool { return s.Supports(platform) }) {
			left = append(left, platform)
		}
	}
	return left
}

// checkAfterSecretDelete reads the workspace again after a delete: a writer the lock
// cannot see (another machine, a teammate) may have deleted a sibling or enforced a
// platform meanwhile. It returns, for an error, what was left unsigned; "" when none.
func checkAfterSecretDelete(ctx context.Context, client *intercom.Client, id string) string {
	secrets, enforcement, enforcedAnywhere, err := readSecretsAndEnforcement(ctx, client)
	if err != nil {
		return fmt.Sprintf("Secret %s was deleted, but the workspace could not be read again to check that every enforced "+
			"platform still has a secret (%v): check Settings > Channels > Messenger > Security now.", id, err)
	}
	if left := enforcedWithoutSecret(secrets, enforcement, enforcedAnywhere); len(left) > 0 {
		return fmt.Sprintf("Secret %s was deleted, and the workspace read right after shows identity verification enforced on %s "+
			"with no secret: another writer (another machine, or a teammate) deleted a secret or enforced a platform "+
			"meanwhile. Users there cannot be verified until you create an intercom_identity_verification_secret for it "+
			"or turn enforcement off there.", id, strings.Join(left, ", "))
	}
	return ""
}
