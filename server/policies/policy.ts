export { POLICY, may, forbiddenMessage, type PolicyAction } from '../../shared/policy';
