// The words the API takes, as its README lists them (kebab-case on the wire).

export const dealTypes = ['acquisition', 'merger', 'majority-stake', 'minority-stake', 'acquihire', 'licence-and-hire'] as const;
export const attributions = ['company-statement', 'named-person', 'anonymous-source', 'estimate'] as const;
export const claimStatuses = ['rumoured', 'reported', 'confirmed', 'disputed', 'retracted'] as const;
export const importKinds = ['deals'] as const;
