// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { FieldError } from '../../../libs/kernel/index.js';
import { instantOf } from '../eligibility/calendar-dates.js';

/** The hours after delivery within which a major failure grounds a whole-vehicle claim (seed 001, (3)). */
export const WHOLE_VEHICLE_HOURS = 24;
const HOUR = 3_600_000;

/** What the claims clerk states when asking for a whole-vehicle claim (整车索赔) at the determination. */
export interface WholeVehicleRequest {
  readonly grounds: readonly string[];
  /** 「车辆故障由重大产品质量缺陷引起」: grounds (1) and (2) need it. */
  readonly majorQualityDefect?: boolean;
  /** Ground (3): the moment the customer took the vehicle (提车) and the moment the major failure happened. */
  readonly deliveredAt?: string;
  readonly majorFailureAt?: string;
  /** 「车辆发生过交通事故」: whether the vehicle has ever had a traffic accident, this fault or not. */
  readonly accidentHistory: boolean;
}

/** The whole-vehicle result recorded with the determination: the grounds found and the hours counted. */
export interface WholeVehicleResult {
  readonly grounds: readonly string[];
  readonly hoursAfterDelivery: number | null;
}

/** Exclusions a claim may carry that 「没有按规定定期保养或操作、使用不当」 names. */
const MAINTENANCE_OR_MISUSE = ['manual_not_followed', 'improper_handling', 'overload'];

function instant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return instantOf(value);
  } catch {
    return NaN;
  }
}

/** Bad input: a ground without the facts it needs, or times that cannot be (HTTP 400). */
export function wholeVehicleInputProblems(request: WholeVehicleRequest): FieldError[] {
  const problems: FieldError[] = [];
  if (request.grounds.includes('major_failure_within_24h')) {
    const delivered = instant(request.deliveredAt);
    const failed = instant(request.majorFailureAt);
    if (delivered === undefined)
      problems.push({
        field: 'wholeVehicle.deliveredAt',
        reason: 'is required for major_failure_within_24h',
        code: 'required',
      });
    if (failed === undefined)
      problems.push({
        field: 'wholeVehicle.majorFailureAt',
        reason: 'is required for major_failure_within_24h',
        code: 'required',
      });
    if (delivered !== undefined && failed !== undefined && failed < delivered)
      problems.push({ field: 'wholeVehicle.majorFailureAt', reason: 'must not be before deliveredAt' });
  }
  if (
    request.majorQualityDefect === undefined &&
    request.grounds.some((ground) => ground !== 'major_failure_within_24h')
  )
    problems.push({
      field: 'wholeVehicle.majorQualityDefect',
      reason: 'is required for fault_not_eliminable and repair_below_national_standard',
      code: 'required',
    });
  return problems;
}

/** Elapsed hours as people read them: `24 h 0 min 1 s`. */
function elapsed(hours: number): string {
  const seconds = Math.round(hours * 3600);
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min ${seconds % 60} s`;
}

/** Hours from delivery to the failure, counted on the clock, not in calendar days. */
export function hoursAfterDelivery(request: WholeVehicleRequest): number | null {
  if (request.deliveredAt === undefined || request.majorFailureAt === undefined) return null;
  return (instantOf(request.majorFailureAt) - instantOf(request.deliveredAt)) / HOUR;
}

/**
 * Seed 001 「1、申请整车索赔条件 (1)车辆故障由重大产品质量缺陷引起,且故障无法完全排除。(2)车辆故障由重大产品质量
 * 缺陷引起,车辆的修复不能达到国家相关技术标准。(3)用户提车不超过24小时,即发生重大故障。」 and 「2、不能索赔整车的
 * 条件 (1)车辆行驶超过质量担保期。(2)车辆没有按规定定期保养或操作、使用不当。(3)车辆发生过交通事故。」
 * Every ground the clerk asks for must hold, and no exclusion may apply; each refusal names its field and
 * the seed's condition. `inWarranty` is the eligibility decision's answer for the claim.
 */
export function wholeVehicleRefusals(
  request: WholeVehicleRequest,
  claim: { readonly inWarranty: boolean; readonly exclusions: readonly string[] },
): FieldError[] {
  const refusals: FieldError[] = [];
  const defectGrounds = request.grounds.filter((ground) => ground !== 'major_failure_within_24h');
  if (defectGrounds.length > 0 && request.majorQualityDefect !== true)
    refusals.push({
      field: 'wholeVehicle.majorQualityDefect',
      reason: `${defectGrounds.join(', ')} needs a major product quality defect (「车辆故障由重大产品质量缺陷引起」)`,
      code: 'whole_vehicle_condition',
    });
  const hours = hoursAfterDelivery(request);
  if (request.grounds.includes('major_failure_within_24h') && hours !== null && hours > WHOLE_VEHICLE_HOURS)
    refusals.push({
      field: 'wholeVehicle.majorFailureAt',
      reason: `the major failure happened ${elapsed(hours)} after delivery; a whole-vehicle claim needs it within ${WHOLE_VEHICLE_HOURS} hours (「用户提车不超过24小时,即发生重大故障」)`,
      code: 'whole_vehicle_condition',
      max: WHOLE_VEHICLE_HOURS,
    });
  if (!claim.inWarranty)
    refusals.push({
      field: 'vehicle',
      reason:
        'the vehicle is out of its quality warranty (「车辆行驶超过质量担保期」): no whole-vehicle claim',
      code: 'whole_vehicle_excluded',
    });
  const misuse = claim.exclusions.filter((exclusion) => MAINTENANCE_OR_MISUSE.includes(exclusion));
  if (misuse.length > 0)
    refusals.push({
      field: 'exclusions',
      reason: `${misuse.join(', ')}: 「车辆没有按规定定期保养或操作、使用不当」 excludes a whole-vehicle claim`,
      code: 'whole_vehicle_excluded',
    });
  if (request.accidentHistory || claim.exclusions.includes('accident'))
    refusals.push({
      field: 'wholeVehicle.accidentHistory',
      reason:
        'the vehicle has had a traffic accident (「车辆发生过交通事故」): no whole-vehicle claim, whatever the fault',
      code: 'whole_vehicle_excluded',
    });
  return refusals;
}
