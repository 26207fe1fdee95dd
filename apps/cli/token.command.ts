import { issueDevToken } from '../../libs/auth/index.js';
import { isRole, type Role } from '../../libs/kernel/index.js';
import { loadConfig } from '../../libs/config/index.js';

export const TOKEN_USAGE = `Usage: npm run token -- --sub <user id> --roles <role[,role]> [--dealer D001] [--region R01] [--name "Li Lei"] [--expires 8h]
Roles: reception, customer_service, service_advisor, parts_manager, technical_director, service_manager,
  general_manager, service_director, claims_clerk, oem_aftersales_rep, regional_service_manager,
  oem_general_manager, product_liability, oem_leadership, regional_service_staff, field_service_rep,
  field_technical_manager, technical_auditor, oem_claims, auditor`;

/** Prints a dev token signed with the server's HS256 secret (AUTH_JWT_SECRET or the one kept in DATA_DIR). */
export async function tokenCommand(options: Record<string, string>): Promise<string> {
  const config = loadConfig();
  if (config.auth.secret === undefined) {
    throw new Error(
      'No HS256 secret: the server uses a JWKS identity provider; get a token from it instead.',
    );
  }
  const sub = options.sub;
  if (!sub) throw new Error(`--sub is required\n${TOKEN_USAGE}`);
  const roles = (options.roles ?? '').split(',').filter(Boolean);
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new Error(
      `--roles must list known roles${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}\n${TOKEN_USAGE}`,
    );
  }
  // The server takes a dealer user's region from the dealer directory and refuses a token that
  // contradicts it: fill the region in, and refuse to print a token the server would refuse.
  let regionId: string | undefined = options.region;
  if (options.dealer) {
    const listed = config.dealerDirectory.regionOf(options.dealer);
    if (listed === undefined) throw new Error(`--dealer ${options.dealer} is not in the dealer directory`);
    if (regionId !== undefined && regionId !== listed)
      throw new Error(
        `--region ${regionId} contradicts the dealer directory: ${options.dealer} is in ${listed}`,
      );
    regionId = listed;
  }
  return issueDevToken(
    config.auth.secret,
    {
      sub,
      roles: roles as Role[],
      ...(options.name ? { name: options.name } : {}),
      ...(options.dealer ? { dealerId: options.dealer } : {}),
      ...(regionId ? { regionId } : {}),
      ...(options.expires ? { expiresIn: options.expires } : {}),
    },
    new Date(),
    config.auth.maxTokenLifetimeSeconds,
  );
}
