/** Injection token of the warranty policy set in force (WARRANTY_POLICY_DIR), read once at start. */
export const WARRANTY_POLICIES = Symbol('WarrantyPolicies');
