/** Built-in deployment configs, custom config validation, lifecycle event lists, traffic steps and tag selectors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_CONFIGS, builtInConfig, validateDeploymentConfig, type DeploymentConfig } from '../../src/model/deploy/configs.ts';
import { blueGreenEvents, inPlaceEvents } from '../../src/model/deploy/lifecycle.ts';
import { selectsInstance } from '../../src/model/deploy/tag-filters.ts';
import { trafficSteps } from '../../src/model/deploy/traffic.ts';

type Input = Pick<DeploymentConfig, 'deploymentConfigName' | 'computePlatform' | 'minimumHealthyHosts' | 'trafficRoutingConfig'>;

describe('deployment configs', () => {
  it('lists the 17 built-ins AWS lists, server ones first', () => {
    assert.equal(BUILT_IN_CONFIGS.length, 17);
    assert.deepEqual(BUILT_IN_CONFIGS.slice(0, 3).map((c) => c.deploymentConfigName),
      ['CodeDeployDefault.OneAtATime', 'CodeDeployDefault.HalfAtATime', 'CodeDeployDefault.AllAtOnce']);
    assert.deepEqual(builtInConfig('CodeDeployDefault.HalfAtATime')?.minimumHealthyHosts, { type: 'FLEET_PERCENT', value: 50 });
    assert.deepEqual(builtInConfig('CodeDeployDefault.LambdaLinear10PercentEvery1Minute')?.trafficRoutingConfig,
      { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 1 } });
    assert.equal(new Set(BUILT_IN_CONFIGS.map((c) => c.deploymentConfigId)).size, 17, 'ids are distinct');
  });

  const table: { name: string; input: Input; want: string | undefined }[] = [
    { name: 'HOST_COUNT 2', input: { deploymentConfigName: 'c', computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 2 } }, want: undefined },
    { name: 'FLEET_PERCENT 75', input: { deploymentConfigName: 'c', computePlatform: 'Server', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 75 } }, want: undefined },
    { name: 'FLEET_PERCENT 100', input: { deploymentConfigName: 'c', computePlatform: 'Server', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 100 } }, want: 'InvalidMinimumHealthyHostValueException' },
    { name: 'negative host count', input: { deploymentConfigName: 'c', computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: -1 } }, want: 'InvalidMinimumHealthyHostValueException' },
    { name: 'server without a minimum', input: { deploymentConfigName: 'c', computePlatform: 'Server' }, want: 'InvalidMinimumHealthyHostValueException' },
    { name: 'server with traffic routing', input: { deploymentConfigName: 'c', computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 }, trafficRoutingConfig: { type: 'AllAtOnce' } }, want: 'InvalidTrafficRoutingConfigurationException' },
    { name: 'reserved name', input: { deploymentConfigName: 'CodeDeployDefault.Mine', computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } }, want: 'InvalidDeploymentConfigNameException' },
    { name: 'lambda canary', input: { deploymentConfigName: 'c', computePlatform: 'Lambda', trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 20, canaryInterval: 5 } } }, want: undefined },
    { name: 'canary of 100%', input: { deploymentConfigName: 'c', computePlatform: 'Lambda', trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 100, canaryInterval: 5 } } }, want: 'InvalidTrafficRoutingConfigurationException' },
    { name: 'linear without its block', input: { deploymentConfigName: 'c', computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedLinear' } }, want: 'InvalidTrafficRoutingConfigurationException' },
    { name: 'ECS with a minimum', input: { deploymentConfigName: 'c', computePlatform: 'ECS', minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 }, trafficRoutingConfig: { type: 'AllAtOnce' } }, want: 'InvalidMinimumHealthyHostValueException' },
  ];
  for (const { name, input, want } of table) {
    it(`validates: ${name}`, () => {
      assert.equal(validateDeploymentConfig(input)?.code, want);
    });
  }
});

describe('lifecycle events and traffic steps', () => {
  it('in place without a load balancer is the seven install events; with one, traffic events wrap them', () => {
    assert.deepEqual(inPlaceEvents(false), ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService']);
    const balanced = inPlaceEvents(true);
    assert.deepEqual(balanced.slice(0, 3), ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic']);
    assert.deepEqual(balanced.slice(-3), ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic']);
    assert.deepEqual(blueGreenEvents('original'), ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic']);
  });

  it('shifts linear 10% every minute in ten steps, canary in two', () => {
    const linear = trafficSteps({ type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 1 } });
    assert.deepEqual(linear.map((s) => s.weightPercent), [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    assert.deepEqual(linear.map((s) => s.afterMinutes), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(trafficSteps({ type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 15 } }),
      [{ afterMinutes: 0, weightPercent: 10 }, { afterMinutes: 15, weightPercent: 100 }]);
  });
});

describe('deployment group tag selectors', () => {
  const tags = [{ key: 'env', value: 'prod' }, { key: 'role', value: 'web' }];
  const table: { name: string; input: Parameters<typeof selectsInstance>[1]; want: boolean }[] = [
    { name: 'no selector selects nothing', input: {}, want: false },
    { name: 'KEY_AND_VALUE match', input: { filters: [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }] }, want: true },
    { name: 'KEY_AND_VALUE wrong value', input: { filters: [{ Key: 'env', Value: 'dev', Type: 'KEY_AND_VALUE' }] }, want: false },
    { name: 'KEY_ONLY', input: { filters: [{ Key: 'role', Type: 'KEY_ONLY' }] }, want: true },
    { name: 'VALUE_ONLY', input: { filters: [{ Value: 'web', Type: 'VALUE_ONLY' }] }, want: true },
    { name: 'filters: any one matching', input: { filters: [{ Key: 'x', Value: 'y' }, { Key: 'role', Value: 'web' }] }, want: true },
    { name: 'tag set: every list must match', input: { tagSet: [[{ Key: 'env', Value: 'prod' }], [{ Key: 'role', Value: 'db' }]] }, want: false },
    { name: 'tag set: one filter of each list', input: { tagSet: [[{ Key: 'env', Value: 'prod' }], [{ Key: 'role', Value: 'db' }, { Key: 'role', Value: 'web' }]] }, want: true },
  ];
  for (const { name, input, want } of table) {
    it(name, () => {
      assert.equal(selectsInstance(tags, input), want);
    });
  }
});
