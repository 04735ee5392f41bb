"""Sub-command ``calibrate`` of ``python -m model``: fit a scenario to observed statistics.

Thin: load the scenario and the observation files, call
:func:`model.analysis.calibration.calibrate`, print the fit table and the parameters that
ended on a bound, write the fitted scenario and its ``-fit.csv``.  Bad input exits 2 with one
line per problem; a fit that does not converge exits 1 with the reason; neither writes anything.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.cli.args import EXIT_FAILED, EXIT_OK, add_lang_option, add_output_options, add_progress_option, working
from model.text import format_number, format_table, pick

__all__ = ["register"]


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from model.analysis.calibration import CalibrationFailed, calibrate, write_calibration
    from model.analysis.weighting import checked_rel_sd
    from model.provenance import SCENARIO_DIR, relative_to_project
    from model.scenarios import load_scenario
    from model.scenarios.observations import load_observations

    scenario = load_scenario(args.scenario)
    observations = load_observations(args.observed)
    out = Path(args.out) if args.out else SCENARIO_DIR / f"{scenario.id}-calibrated.yaml"
    rel_sd = checked_rel_sd(args.rel_sd)
    try:
        with working(pick(args.lang, "校准", "calibrating"), not args.no_progress):
            fit = calibrate(scenario, observations, free=args.free, rel_sd=rel_sd)
    except CalibrationFailed as exc:
        print(f"error: {exc}; nothing was written.", file=sys.stderr)
        return EXIT_FAILED
    lang = args.lang
    table = fit.table()
    rows = [[r.variable, r.year, format_number(r.observed, 3), format_number(r.fitted, 3),
             format_number(r.residual, 3), format_number(r.relative_error_pct, 1), r.unit]
            for r in table.itertuples()]
    headers = pick(lang, ["变量", "年份", "观测值", "拟合值", "残差", "相对误差%", "单位"],
                   ["variable", "year", "observed", "fitted", "residual", "rel. error %", "unit"])
    print(pick(lang, f"校准：{scenario.title(lang)}，{len(fit.observations)}个观测值，"
                     f"{sum(fp.size for fp in fit.free)}个自由值",
               f"Calibration of {scenario.title(lang)}: {len(fit.observations)} observations, "
               f"{sum(fp.size for fp in fit.free)} free values"))
    print(format_table(headers, rows, [False, True, True, True, True, True, False]))
    if fit.regularised:
        print(pick(lang, "自由值多于观测值：已向父情景取值正则化（岭回归）。",
                   "More free values than observations: regularised toward the parent's values (ridge)."))
    print(pick(lang, "停在边界上的参数：", "Parameters on a bound: ") + (", ".join(fit.at_bound) or "-"))
    files = [relative_to_project(p) for p in observations.files]
    scenario_file, fit_file = write_calibration(fit, out, files, force=args.force)
    print(pick(lang, "已写入 ", "written ") + f"{scenario_file} {pick(lang, '和', 'and')} {fit_file}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``calibrate``."""
    p = sub.add_parser("calibrate", help="fit free parameters to observed statistics; write a calibrated scenario",
                       description="Fit the free parameters of SCENARIO by bounded weighted least squares to "
                                   "every observation whose variable and year the model produces; write a "
                                   "scenario inheriting from SCENARIO with the fitted values and <id>-fit.csv "
                                   "beside it.")
    p.add_argument("scenario", metavar="SCENARIO", help="the scenario to calibrate")
    p.add_argument("--observed", action="append", required=True, metavar="FILE",
                   help="an observation CSV (or a folder of them); repeat for several")
    p.add_argument("--free", action="append", metavar="NAME",
                   help="a parameter to fit (repeat); default: chosen from what the observations name")
    p.add_argument("--rel-sd", type=float, default=None, metavar="S",
                   help="relative standard error of each observation (default: 0.05)")
    add_output_options(p, default="scenarios/<scenario id>-calibrated.yaml", what="the fitted scenario file",
                       metavar="PATH", force="replace an existing file this workbook did not write")
    add_lang_option(p, "the fit table")
    add_progress_option(p)
    p.set_defaults(func=_cmd_calibrate)
