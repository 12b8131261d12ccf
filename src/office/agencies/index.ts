export { createAgencyService, buildAgencyRow, AGENCY_LEVELS, type Agency, type AgencyLevel, type AgencyService, type NewAgency } from './agencies.service.ts';
export { findAgency, insertAgency, selectRootId } from './agencies.repo.ts';
export { isAgencyCode } from './agency-code.ts';
export { createAgencyScope, type AgencyScope } from './agency-scope.ts';
