#!/usr/bin/env bash
# GRPO on Qwen2.5-7B-Instruct with the Tool-N1 settings, the toolreward reward, on verl.
#
# NOT RUN HERE: this needs GPUs (the paper used 4 nodes x 8 H100) and the model weights.
# What was run on CPU: examples/verl/preprocess.py (writing the parquet) and the reward
# function itself (tests/test_integrations_verl_openrlhf.py, tests/test_examples_verl.py).
#
# Settings from the paper: lr 1e-6, batch 1024, n=5 rollouts, temperature 0.7,
# low_var_kl KL loss with coefficient 1e-3, entropy 0, max prompt/response 4096/8192.
set -euo pipefail
DATA=${DATA:-$HOME/data/toolcall}
REWARD=$(python -c "import toolreward.integrations.verl as m; print(m.__file__)")

python3 -m verl.trainer.main_ppo \
    algorithm.adv_estimator=grpo \
    data.train_files="$DATA/train.parquet" \
    data.val_files="$DATA/test.parquet" \
    data.train_batch_size=1024 \
    data.max_prompt_length=4096 \
    data.max_response_length=8192 \
    data.filter_overlong_prompts=True \
    actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct \
    actor_rollout_ref.actor.optim.lr=1e-6 \
    actor_rollout_ref.actor.ppo_mini_batch_size=128 \
    actor_rollout_ref.actor.use_kl_loss=True \
    actor_rollout_ref.actor.kl_loss_coef=0.001 \
    actor_rollout_ref.actor.kl_loss_type=low_var_kl \
    actor_rollout_ref.actor.entropy_coeff=0 \
    actor_rollout_ref.actor.loss_agg_mode=token-mean \
    actor_rollout_ref.model.enable_gradient_checkpointing=True \
    actor_rollout_ref.rollout.name=vllm \
    actor_rollout_ref.rollout.n=5 \
    actor_rollout_ref.rollout.temperature=0.7 \
    algorithm.use_kl_in_reward=False \
    reward.custom_reward_function.path="$REWARD" \
    reward.custom_reward_function.name=compute_score \
    trainer.n_gpus_per_node=8 \
    trainer.nnodes=4 \
    trainer.total_epochs=7 \
    "$@"
# verl before 0.9 names the reward keys custom_reward_function.path / .name (no "reward." prefix).
