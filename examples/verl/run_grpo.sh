#!/usr/bin/env bash
# GRPO on Qwen2.5-7B-Instruct with the Tool-N1 paper's exact settings and the toolreward reward, on verl 0.9.x.
#
# The settings are those of the paper's own launch (NVlabs/Tool-N1 @ f9b4849: qwen_rl.sh and
# verl/examples/agent/qwen.sh), written with verl 0.9.x's key names. verl's batch sizes are
# global, so the run is the same on 1 node x 8 GPUs (the repository's script) or on 4 x 8
# (the paper's text): set NNODES. Not run here: it needs GPUs and the model weights.
# tests/test_examples_verl.py composes these overrides against verl's own config, so every
# key exists and every value below is checked.
#
# The data: toolreward data xlam|toolace --layout verl --out "$DATA" (train/test.verl.parquet),
# or examples/verl/preprocess.py.
#
# Left out on purpose: VLLM_ATTENTION_BACKEND=XFORMERS (for the vLLM of early 2025) and
# actor.fsdp_config.grad_offload (no longer a verl key).
set -euo pipefail
DATA=${DATA:-$HOME/data/toolcall}
MODEL=${MODEL:-Qwen/Qwen2.5-7B-Instruct}   # or Qwen/Qwen2.5-14B-Instruct
NNODES=${NNODES:-4}
REWARD=$(python -c "import toolreward.integrations.verl as m; print(m.__file__)")

python3 -m verl.trainer.main_ppo \
    algorithm.adv_estimator=grpo \
    algorithm.use_kl_in_reward=False \
    algorithm.kl_ctrl.kl_coef=0.001 \
    data.train_files="$DATA/train.verl.parquet" \
    data.val_files="$DATA/test.verl.parquet" \
    data.train_batch_size=1024 \
    data.val_batch_size=1312 \
    data.max_prompt_length=4096 \
    data.max_response_length=8192 \
    actor_rollout_ref.model.path="$MODEL" \
    actor_rollout_ref.model.enable_gradient_checkpointing=True \
    actor_rollout_ref.model.use_remove_padding=True \
    actor_rollout_ref.actor.optim.lr=1e-6 \
    actor_rollout_ref.actor.ppo_mini_batch_size=256 \
    actor_rollout_ref.actor.use_dynamic_bsz=True \
    actor_rollout_ref.actor.ppo_max_token_len_per_gpu=30720 \
    actor_rollout_ref.actor.use_kl_loss=True \
    actor_rollout_ref.actor.kl_loss_coef=0.001 \
    actor_rollout_ref.actor.kl_loss_type=low_var_kl \
    actor_rollout_ref.actor.entropy_coeff=0 \
    actor_rollout_ref.actor.loss_agg_mode=token-mean \
    actor_rollout_ref.actor.fsdp_config.param_offload=False \
    actor_rollout_ref.actor.fsdp_config.optimizer_offload=False \
    actor_rollout_ref.ref.fsdp_config.param_offload=True \
    actor_rollout_ref.rollout.name=vllm \
    actor_rollout_ref.rollout.n=5 \
    actor_rollout_ref.rollout.temperature=0.7 \
    actor_rollout_ref.rollout.tensor_model_parallel_size=2 \
    actor_rollout_ref.rollout.gpu_memory_utilization=0.6 \
    reward.custom_reward_function.path="$REWARD" \
    reward.custom_reward_function.name=compute_score \
    trainer.critic_warmup=0 \
    trainer.val_before_train=False \
    trainer.save_freq=10 \
    trainer.test_freq=10 \
    trainer.total_epochs=7 \
    trainer.n_gpus_per_node=8 \
    trainer.nnodes="$NNODES" \
    "$@"
# verl before 0.9 names the reward keys custom_reward_function.path / .name (no "reward." prefix).
